<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/** The functions the engine has are exactly those of the PHP contract (issue 3), with exactly its signatures. */
final class SignatureTest extends KvTestCase
{
    private const CONTRACT = [
        'ephpm_kv_get(string $key): ?string',
        'ephpm_kv_set(string $key, string $value, int $ttl = 0): bool',
        'ephpm_kv_add(string $key, string $value, int $ttl = 0): bool',
        'ephpm_kv_setnx(string $key, string $value, int $ttl = 0): bool',
        'ephpm_kv_incr_by(string $key, int $delta): int|false',
        'ephpm_kv_incr(string $key): int|false',
        'ephpm_kv_decr(string $key): int|false',
        'ephpm_kv_expire(string $key, int $ttl): bool',
        'ephpm_kv_ttl(string $key): int',
        'ephpm_kv_pttl(string $key): int',
        'ephpm_kv_del(string $key): int',
        'ephpm_kv_exists(string $key): bool',
        'ephpm_kv_del_if(string $key, string $expected): bool',
        'ephpm_kv_mget(array $keys): array',
        'ephpm_kv_del_prefix(string $prefix): int',
        'ephpm_kv_flush_all(): bool',
        'ephpm_kv_stats(): array',
    ];

    /** @return array<string, array{string}> */
    public function contract(): array
    {
        $rows = [];
        foreach (self::CONTRACT as $signature) {
            $rows[strstr($signature, '(', true)] = [$signature];
        }
        return $rows;
    }

    /** @dataProvider contract */
    public function testSignatureIsTheContract(string $signature): void
    {
        $name = strstr($signature, '(', true);
        $this->assertTrue(function_exists($name), "$name() is missing");
        $f = new \ReflectionFunction($name);
        $this->assertTrue($f->isInternal(), "$name() must be the engine's, not a PHP function");
        $this->assertSame('ephpm', $f->getExtensionName());
        $this->assertSame($signature, FunctionSignature::render($f));
    }

    public function testTheEngineHasNoOtherKvFunctions(): void
    {
        $contract = array_map(static fn (string $s): string => strstr($s, '(', true), self::CONTRACT);
        sort($contract);
        $this->assertSame($contract, EngineFunctions::kv());
    }

    public function testSetnxIsAddUnderAnotherName(): void
    {
        $add = FunctionSignature::describe(new \ReflectionFunction('ephpm_kv_add'));
        $setnx = FunctionSignature::describe(new \ReflectionFunction('ephpm_kv_setnx'));
        unset($add['name'], $setnx['name']);
        $this->assertSame($add, $setnx);

        $this->assertTrue(ephpm_kv_setnx('k', 'first'));
        $this->assertFalse(ephpm_kv_add('k', 'second'));
        $this->assertFalse(ephpm_kv_setnx('k', 'third'));
        $this->assertSame('first', ephpm_kv_get('k'));
    }
}
