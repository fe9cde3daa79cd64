<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/**
 * Bad arguments, under strict_types (this file declares it; CoerciveModeTest covers the default mode): empty and
 * over-long keys are a ValueError naming the function and argument, wrong types a TypeError, wrong argument counts
 * an ArgumentCountError, and none of them reads or writes anything.
 */
final class ArgumentErrorsTest extends KvTestCase
{
    /**
     * Every function that takes a key, called with $key as its key.
     *
     * @return array<string, array{\Closure(string): mixed, string}> name => [call, the argument PHP names]
     */
    public function keyFunctions(): array
    {
        return [
            'ephpm_kv_get' => [static fn (string $key) => ephpm_kv_get($key), '#1 ($key)'],
            'ephpm_kv_set' => [static fn (string $key) => ephpm_kv_set($key, 'v'), '#1 ($key)'],
            'ephpm_kv_add' => [static fn (string $key) => ephpm_kv_add($key, 'v'), '#1 ($key)'],
            'ephpm_kv_setnx' => [static fn (string $key) => ephpm_kv_setnx($key, 'v', 5), '#1 ($key)'],
            'ephpm_kv_incr_by' => [static fn (string $key) => ephpm_kv_incr_by($key, 2), '#1 ($key)'],
            'ephpm_kv_incr' => [static fn (string $key) => ephpm_kv_incr($key), '#1 ($key)'],
            'ephpm_kv_decr' => [static fn (string $key) => ephpm_kv_decr($key), '#1 ($key)'],
            'ephpm_kv_expire' => [static fn (string $key) => ephpm_kv_expire($key, 5), '#1 ($key)'],
            'ephpm_kv_ttl' => [static fn (string $key) => ephpm_kv_ttl($key), '#1 ($key)'],
            'ephpm_kv_pttl' => [static fn (string $key) => ephpm_kv_pttl($key), '#1 ($key)'],
            'ephpm_kv_del' => [static fn (string $key) => ephpm_kv_del($key), '#1 ($key)'],
            'ephpm_kv_exists' => [static fn (string $key) => ephpm_kv_exists($key), '#1 ($key)'],
            'ephpm_kv_del_if' => [static fn (string $key) => ephpm_kv_del_if($key, 'v'), '#1 ($key)'],
        ];
    }

    /** @dataProvider keyFunctions */
    public function testAnEmptyKeyIsAValueError(\Closure $call, string $argument): void
    {
        $name = $this->dataName();
        $this->assertValueError("$name(): Argument $argument must not be empty", $call, '');
        $this->assertNothingHappened();
    }

    /** @dataProvider keyFunctions */
    public function testAKeyOverTheMaximumIsAValueError(\Closure $call, string $argument): void
    {
        ephpm_test_kv_reset(max_key_size: 16);
        $name = $this->dataName();
        $this->assertValueError("$name(): Argument $argument must not be longer than 16 bytes, was 17", $call,
            str_repeat('k', 17));
        $this->assertValueError("$name(): Argument $argument must not be longer than 16 bytes, was 18", $call,
            str_repeat("\u{20AC}", 6), 'the limit counts bytes: six euro signs are 18 bytes');
        $this->assertNothingHappened();
        $call(str_repeat('k', 16)); // at the limit: accepted
    }

    public function testTheDefaultMaximumKeySizeIs64KiB(): void
    {
        $longest = str_repeat('k', 64 * 1024);
        $this->assertTrue(ephpm_kv_set($longest, 'v'));
        $this->assertSame('v', ephpm_kv_get($longest));
        $this->assertValueError('ephpm_kv_set(): Argument #1 ($key) must not be longer than 65536 bytes, was 65537',
            static fn (string $key) => ephpm_kv_set($key, 'v'), $longest . 'k');
    }

    /** @return array<string, array{\Closure(): mixed, string}> */
    public function typeErrors(): array
    {
        return [
            'int key' => [static fn () => ephpm_kv_get(1), 'ephpm_kv_get(): Argument #1 ($key) must be of type string, int given'],
            'null key' => [static fn () => ephpm_kv_get(null), 'ephpm_kv_get(): Argument #1 ($key) must be of type string, null given'],
            'float key' => [static fn () => ephpm_kv_del(1.5), 'ephpm_kv_del(): Argument #1 ($key) must be of type string, float given'],
            'bool key' => [static fn () => ephpm_kv_exists(true), 'ephpm_kv_exists(): Argument #1 ($key) must be of type string, bool given'],
            'array key' => [static fn () => ephpm_kv_get(['k']), 'ephpm_kv_get(): Argument #1 ($key) must be of type string, array given'],
            'Stringable key' => [static fn () => ephpm_kv_get(new \SplFileInfo('k')), 'ephpm_kv_get(): Argument #1 ($key) must be of type string, SplFileInfo given'],
            'int value' => [static fn () => ephpm_kv_set('k', 1), 'ephpm_kv_set(): Argument #2 ($value) must be of type string, int given'],
            'null value' => [static fn () => ephpm_kv_add('k', null), 'ephpm_kv_add(): Argument #2 ($value) must be of type string, null given'],
            'array value' => [static fn () => ephpm_kv_set('k', []), 'ephpm_kv_set(): Argument #2 ($value) must be of type string, array given'],
            'numeric-string ttl' => [static fn () => ephpm_kv_set('k', 'v', '10'), 'ephpm_kv_set(): Argument #3 ($ttl) must be of type int, string given'],
            'float ttl' => [static fn () => ephpm_kv_setnx('k', 'v', 1.0), 'ephpm_kv_setnx(): Argument #3 ($ttl) must be of type int, float given'],
            'null ttl' => [static fn () => ephpm_kv_set('k', 'v', null), 'ephpm_kv_set(): Argument #3 ($ttl) must be of type int, null given'],
            'string delta' => [static fn () => ephpm_kv_incr_by('k', '1'), 'ephpm_kv_incr_by(): Argument #2 ($delta) must be of type int, string given'],
            'float delta' => [static fn () => ephpm_kv_incr_by('k', 1.5), 'ephpm_kv_incr_by(): Argument #2 ($delta) must be of type int, float given'],
            'string expire ttl' => [static fn () => ephpm_kv_expire('k', '5'), 'ephpm_kv_expire(): Argument #2 ($ttl) must be of type int, string given'],
            'int expected' => [static fn () => ephpm_kv_del_if('k', 1), 'ephpm_kv_del_if(): Argument #2 ($expected) must be of type string, int given'],
            'string keys' => [static fn () => ephpm_kv_mget('k'), 'ephpm_kv_mget(): Argument #1 ($keys) must be of type array, string given'],
            'null keys' => [static fn () => ephpm_kv_mget(null), 'ephpm_kv_mget(): Argument #1 ($keys) must be of type array, null given'],
            'int prefix' => [static fn () => ephpm_kv_del_prefix(1), 'ephpm_kv_del_prefix(): Argument #1 ($prefix) must be of type string, int given'],
        ];
    }

    /** @dataProvider typeErrors */
    public function testAWrongTypeIsATypeError(\Closure $call, string $message): void
    {
        try {
            $call();
            $this->fail("expected TypeError: $message");
        } catch (\TypeError $e) {
            $this->assertSame(\TypeError::class, get_class($e));
            $this->assertSame($message, $e->getMessage());
        }
        $this->assertNothingHappened();
    }

    /** @return array<string, array{\Closure(): mixed, string}> */
    public function argumentCounts(): array
    {
        return [
            'get()' => [static fn () => ephpm_kv_get(), 'ephpm_kv_get() expects exactly 1 argument, 0 given'],
            'get(2)' => [static fn () => ephpm_kv_get('a', 'b'), 'ephpm_kv_get() expects exactly 1 argument, 2 given'],
            'set(1)' => [static fn () => ephpm_kv_set('k'), 'ephpm_kv_set() expects at least 2 arguments, 1 given'],
            'set(4)' => [static fn () => ephpm_kv_set('k', 'v', 1, 2), 'ephpm_kv_set() expects at most 3 arguments, 4 given'],
            'add(1)' => [static fn () => ephpm_kv_add('k'), 'ephpm_kv_add() expects at least 2 arguments, 1 given'],
            'incr_by(1)' => [static fn () => ephpm_kv_incr_by('k'), 'ephpm_kv_incr_by() expects exactly 2 arguments, 1 given'],
            'incr(2)' => [static fn () => ephpm_kv_incr('k', 5), 'ephpm_kv_incr() expects exactly 1 argument, 2 given'],
            'expire(1)' => [static fn () => ephpm_kv_expire('k'), 'ephpm_kv_expire() expects exactly 2 arguments, 1 given'],
            'del_if(1)' => [static fn () => ephpm_kv_del_if('k'), 'ephpm_kv_del_if() expects exactly 2 arguments, 1 given'],
            'mget()' => [static fn () => ephpm_kv_mget(), 'ephpm_kv_mget() expects exactly 1 argument, 0 given'],
            'del_prefix()' => [static fn () => ephpm_kv_del_prefix(), 'ephpm_kv_del_prefix() expects exactly 1 argument, 0 given'],
            'flush_all(1)' => [static fn () => ephpm_kv_flush_all(true), 'ephpm_kv_flush_all() expects exactly 0 arguments, 1 given'],
            'stats(1)' => [static fn () => ephpm_kv_stats([]), 'ephpm_kv_stats() expects exactly 0 arguments, 1 given'],
        ];
    }

    /** @dataProvider argumentCounts */
    public function testAWrongArgumentCountIsAnArgumentCountError(\Closure $call, string $message): void
    {
        ephpm_kv_set('k', 'v');
        try {
            $call();
            $this->fail("expected ArgumentCountError: $message");
        } catch (\ArgumentCountError $e) {
            $this->assertSame($message, $e->getMessage());
        }
        $this->assertSame('v', ephpm_kv_get('k'), 'flush_all(true) did not run');
    }

    public function testAnUnknownNamedArgumentIsAnError(): void
    {
        $this->expectException(\Error::class);
        $this->expectExceptionMessage('Unknown named parameter $seconds');
        ephpm_kv_set('k', 'v', seconds: 5);
    }

    private function assertValueError(string $message, \Closure $call, string $key, string $why = ''): void
    {
        try {
            $call($key);
            $this->fail("expected ValueError: $message" . ($why === '' ? '' : " ($why)"));
        } catch (\ValueError $e) {
            $this->assertSame($message, $e->getMessage(), $why);
        }
    }

    /** No entry was written, and no lookup counted. */
    private function assertNothingHappened(): void
    {
        $stats = self::settledStats();
        $this->assertSame(0, $stats['entries']);
        $this->assertSame(0, $stats['hits'] + $stats['misses']);
        $this->assertSame(0, $stats['rejected_writes']);
    }
}
