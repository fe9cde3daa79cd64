<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use Ephpm\Kv\KvOpsInterface;
use Ephpm\Kv\Testing\TestKv;

/**
 * The semantics every KvOpsInterface implementation must have. Runs against the in-memory
 * fake on php-cli and against the host functions inside ePHPm (EPHPM_KV_OPS), so it is
 * also the proof that the fake mirrors the host.
 */
final class KvOpsContractTest extends KvTestCase
{
    public function testGetOfAMissingKeyIsNull(): void
    {
        self::assertNull($this->ops->get($this->p . 'missing'));
    }

    public function testValuesAndKeysAreBinarySafe(): void
    {
        $key = $this->p . "k\0\xff\xfe key";
        $value = "\0\x01\xff binary \xc3\x28 \0";
        self::assertTrue($this->ops->set($key, $value));
        self::assertSame($value, $this->ops->get($key));
        self::assertTrue($this->ops->set($this->p . 'empty', ''));
        self::assertSame('', $this->ops->get($this->p . 'empty'));
        self::assertTrue($this->ops->exists($this->p . 'empty'));
    }

    public function testSetOverwritesAndClearsThePreviousTtl(): void
    {
        $key = $this->p . 'k';
        self::assertTrue($this->ops->set($key, 'a', 100));
        self::assertGreaterThan(0, $this->ops->ttl($key));
        self::assertTrue($this->ops->set($key, 'b'));
        self::assertSame('b', $this->ops->get($key));
        self::assertSame(-1, $this->ops->ttl($key));
        self::assertSame(-1, $this->ops->pttl($key));
    }

    public function testNonPositiveTtlOnWriteMeansNoExpiry(): void
    {
        self::assertTrue($this->ops->set($this->p . 'zero', 'v', 0));
        self::assertTrue($this->ops->set($this->p . 'negative', 'v', -5));
        self::assertSame(-1, $this->ops->ttl($this->p . 'zero'));
        self::assertSame(-1, $this->ops->ttl($this->p . 'negative'));
    }

    public function testTtlAndPttlReportSecondsAndMillisecondsLeft(): void
    {
        $key = $this->p . 'k';
        self::assertSame(-2, $this->ops->ttl($key));
        self::assertSame(-2, $this->ops->pttl($key));
        $this->ops->set($key, 'v', 100);
        self::assertSame(100, $this->ops->ttl($key));
        $pttl = $this->ops->pttl($key);
        self::assertGreaterThan(99_000, $pttl);
        self::assertLessThanOrEqual(100_000, $pttl);
    }

    public function testKeysExpire(): void
    {
        $key = $this->p . 'k';
        $this->ops->set($key, 'v', 1);
        self::assertTrue($this->ops->exists($key));
        $this->sleep(1.2);
        self::assertNull($this->ops->get($key));
        self::assertFalse($this->ops->exists($key));
        self::assertSame(-2, $this->ops->ttl($key));
        self::assertSame(0, $this->ops->del($key));
    }

    public function testExpire(): void
    {
        $key = $this->p . 'k';
        self::assertFalse($this->ops->expire($key, 10), 'missing key');
        $this->ops->set($key, 'v');
        self::assertTrue($this->ops->expire($key, 50));
        self::assertSame(50, $this->ops->ttl($key));
        self::assertSame('v', $this->ops->get($key));
        self::assertTrue($this->ops->expire($key, 0), 'ttl <= 0 deletes an existing key');
        self::assertFalse($this->ops->exists($key));
        $this->ops->set($key, 'v');
        self::assertTrue($this->ops->expire($key, -1));
        self::assertFalse($this->ops->exists($key));
    }

    public function testExpireMakesAKeyGoAway(): void
    {
        $key = $this->p . 'k';
        $this->ops->set($key, 'v');
        $this->ops->expire($key, 1);
        $this->sleep(1.2);
        self::assertNull($this->ops->get($key));
    }

    public function testIncrByCountsAMissingKeyAsZeroWithoutTtl(): void
    {
        $key = $this->p . 'n';
        self::assertSame(5, $this->ops->incrBy($key, 5));
        self::assertSame('5', $this->ops->get($key));
        self::assertSame(-1, $this->ops->ttl($key));
        self::assertSame(-3, $this->ops->incrBy($this->p . 'm', -3));
        self::assertSame('-3', $this->ops->get($this->p . 'm'));
    }

    public function testIncrByKeepsTheTtl(): void
    {
        $key = $this->p . 'n';
        $this->ops->set($key, '10', 100);
        self::assertSame(15, $this->ops->incrBy($key, 5));
        self::assertSame(14, $this->ops->decr($key));
        self::assertSame(15, $this->ops->incr($key));
        self::assertSame('15', $this->ops->get($key));
        $ttl = $this->ops->ttl($key);
        self::assertGreaterThanOrEqual(99, $ttl);
        self::assertLessThanOrEqual(100, $ttl);
    }

    public function testIncrDecrAndZeroDelta(): void
    {
        $key = $this->p . 'n';
        self::assertSame(1, $this->ops->incr($key));
        self::assertSame(0, $this->ops->decr($key));
        self::assertSame(-1, $this->ops->decr($key));
        self::assertSame(-1, $this->ops->incrBy($key, 0));
        self::assertSame('-1', $this->ops->get($key));
    }

    /**
     * @return iterable<string, array{string}>
     */
    public static function nonCanonicalIntegers(): iterable
    {
        yield 'word' => ['abc'];
        yield 'empty' => [''];
        yield 'plus sign' => ['+1'];
        yield 'leading zero' => ['01'];
        yield 'negative zero' => ['-0'];
        yield 'leading space' => [' 1'];
        yield 'trailing space' => ['1 '];
        yield 'trailing newline' => ["1\n"];
        yield 'decimal point' => ['1.0'];
        yield 'exponent' => ['1e3'];
        yield 'hex' => ['0x1A'];
        yield 'just minus' => ['-'];
        yield 'above int64' => ['9223372036854775808'];
        yield 'below int64' => ['-9223372036854775809'];
        yield 'serialized int' => ['i:5;'];
    }

    /**
     * @dataProvider nonCanonicalIntegers
     */
    public function testIncrByRefusesValuesThatAreNotCanonicalIntegers(string $stored): void
    {
        $key = $this->p . 'n';
        $this->ops->set($key, $stored, 100);
        self::assertFalse($this->ops->incrBy($key, 1));
        self::assertFalse($this->ops->incr($key));
        self::assertFalse($this->ops->decr($key));
        self::assertSame($stored, $this->ops->get($key), 'value unchanged');
        self::assertGreaterThan(0, $this->ops->ttl($key), 'ttl unchanged');
    }

    public function testIncrByAcceptsTheInt64Extremes(): void
    {
        $this->ops->set($this->p . 'max', '9223372036854775807');
        self::assertSame(\PHP_INT_MAX - 1, $this->ops->decr($this->p . 'max'));
        $this->ops->set($this->p . 'min', '-9223372036854775808');
        self::assertSame(\PHP_INT_MIN + 1, $this->ops->incr($this->p . 'min'));
    }

    public function testIncrByOverflowFailsAndLeavesTheValue(): void
    {
        $key = $this->p . 'n';
        $this->ops->set($key, (string) \PHP_INT_MAX);
        self::assertFalse($this->ops->incr($key));
        self::assertFalse($this->ops->incrBy($key, \PHP_INT_MAX));
        self::assertSame((string) \PHP_INT_MAX, $this->ops->get($key));

        $this->ops->set($key, (string) \PHP_INT_MIN);
        self::assertFalse($this->ops->decr($key));
        self::assertFalse($this->ops->incrBy($key, \PHP_INT_MIN));
        self::assertSame((string) \PHP_INT_MIN, $this->ops->get($key));

        self::assertSame(\PHP_INT_MIN, $this->ops->incrBy($this->p . 'fresh', \PHP_INT_MIN));
    }

    public function testDelReportsWhetherTheKeyExisted(): void
    {
        $key = $this->p . 'k';
        $this->ops->set($key, 'v');
        self::assertSame(1, $this->ops->del($key));
        self::assertSame(0, $this->ops->del($key));
        self::assertNull($this->ops->get($key));
    }

    public function testAddOnlyWritesAbsentKeys(): void
    {
        $key = $this->p . 'k';
        self::assertTrue($this->ops->add($key, 'first'));
        self::assertFalse($this->ops->add($key, 'second'));
        self::assertSame('first', $this->ops->get($key));
        self::assertSame(-1, $this->ops->ttl($key));

        self::assertTrue($this->ops->add($this->p . 't', 'v', 60));
        self::assertSame(60, $this->ops->ttl($this->p . 't'));
    }

    public function testAddSucceedsAgainOnceTheKeyExpired(): void
    {
        $key = $this->p . 'k';
        self::assertTrue($this->ops->add($key, 'a', 1));
        $this->sleep(1.2);
        self::assertTrue($this->ops->add($key, 'b', 1));
        self::assertSame('b', $this->ops->get($key));
    }

    public function testDelIfOnlyDeletesTheExpectedValue(): void
    {
        $key = $this->p . 'lock';
        self::assertFalse($this->ops->delIf($key, 'owner'), 'missing');
        $this->ops->set($key, 'owner-a');
        self::assertFalse($this->ops->delIf($key, 'owner-b'));
        self::assertFalse($this->ops->delIf($key, 'owner-'), 'no prefix match');
        self::assertSame('owner-a', $this->ops->get($key));
        self::assertTrue($this->ops->delIf($key, 'owner-a'));
        self::assertFalse($this->ops->exists($key));
    }

    public function testMgetReturnsEveryRequestedKey(): void
    {
        $this->ops->set($this->p . 'a', '1');
        $this->ops->set($this->p . 'c', 'three');
        $result = $this->ops->mget([$this->p . 'a', $this->p . 'b', $this->p . 'c']);
        self::assertSame([$this->p . 'a' => '1', $this->p . 'b' => null, $this->p . 'c' => 'three'], $result);
        self::assertSame([], $this->ops->mget([]));
    }

    public function testMgetTakesIntKeysAsTheirDigits(): void
    {
        // Keys without the test prefix: an int cannot carry one. Random, so runs sharing a store do not collide.
        $n = random_int(10 ** 15, 10 ** 16);
        $this->ops->set((string) $n, 'by int');
        try {
            self::assertSame([$n => 'by int', $n + 1 => null], $this->ops->mget([$n, (string) ($n + 1)]));
        } finally {
            $this->ops->del((string) $n);
        }
    }

    public function testMgetSkipsExpiredKeys(): void
    {
        $this->ops->set($this->p . 'a', '1', 1);
        $this->ops->set($this->p . 'b', '2');
        $this->sleep(1.2);
        self::assertSame(
            [$this->p . 'a' => null, $this->p . 'b' => '2'],
            $this->ops->mget([$this->p . 'a', $this->p . 'b']),
        );
    }

    public function testDelPrefixOnlyDeletesKeysWithThatPrefix(): void
    {
        $this->ops->set($this->p . 'app1:a', '1');
        $this->ops->set($this->p . 'app1:b', '2', 100);
        $this->ops->set($this->p . 'app1', 'the prefix itself');
        $this->ops->set($this->p . 'app10:a', 'not app1:');
        $this->ops->set($this->p . 'app2:a', '3');
        self::assertSame(2, $this->ops->delPrefix($this->p . 'app1:'));
        self::assertNull($this->ops->get($this->p . 'app1:a'));
        self::assertNull($this->ops->get($this->p . 'app1:b'));
        self::assertSame('the prefix itself', $this->ops->get($this->p . 'app1'));
        self::assertSame('not app1:', $this->ops->get($this->p . 'app10:a'));
        self::assertSame('3', $this->ops->get($this->p . 'app2:a'));
        self::assertSame(0, $this->ops->delPrefix($this->p . 'app1:'));
    }

    public function testStatsReportTheDocumentedCounters(): void
    {
        $before = $this->ops->stats();
        foreach (KvOpsInterface::STAT_KEYS as $name) {
            self::assertArrayHasKey($name, $before);
            self::assertIsInt($before[$name]);
        }
        $this->ops->set($this->p . 'k', 'v');
        $this->ops->get($this->p . 'k');
        $this->ops->get($this->p . 'missing');
        $after = $this->ops->stats();
        // ">=": inside ePHPm other requests may use the store at the same time.
        self::assertGreaterThanOrEqual($before['hits'] + 1, $after['hits']);
        self::assertGreaterThanOrEqual($before['misses'] + 1, $after['misses']);
        self::assertGreaterThanOrEqual(1, $after['entries']);
        self::assertGreaterThan(0, $after['bytes_used']);
    }

    public function testFlushAllEmptiesTheStore(): void
    {
        if (TestKv::usesHost() && getenv('EPHPM_KV_TEST_FLUSH_ALL') !== '1') {
            self::markTestSkipped('Would empty the shared ePHPm store; set EPHPM_KV_TEST_FLUSH_ALL=1 to allow it.');
        }
        $this->ops->set($this->p . 'a', '1');
        $this->ops->set($this->p . 'b', '2', 100);
        self::assertTrue($this->ops->flushAll());
        self::assertNull($this->ops->get($this->p . 'a'));
        self::assertFalse($this->ops->exists($this->p . 'b'));
        self::assertSame(0, $this->ops->stats()['entries']);
    }

    /**
     * @return iterable<string, array{callable(KvOpsInterface): mixed}>
     */
    public static function callsWithAnEmptyKey(): iterable
    {
        yield 'get' => [static fn (KvOpsInterface $o) => $o->get('')];
        yield 'set' => [static fn (KvOpsInterface $o) => $o->set('', 'v')];
        yield 'incrBy' => [static fn (KvOpsInterface $o) => $o->incrBy('', 1)];
        yield 'incr' => [static fn (KvOpsInterface $o) => $o->incr('')];
        yield 'decr' => [static fn (KvOpsInterface $o) => $o->decr('')];
        yield 'expire' => [static fn (KvOpsInterface $o) => $o->expire('', 1)];
        yield 'ttl' => [static fn (KvOpsInterface $o) => $o->ttl('')];
        yield 'pttl' => [static fn (KvOpsInterface $o) => $o->pttl('')];
        yield 'del' => [static fn (KvOpsInterface $o) => $o->del('')];
        yield 'exists' => [static fn (KvOpsInterface $o) => $o->exists('')];
        yield 'add' => [static fn (KvOpsInterface $o) => $o->add('', 'v')];
        yield 'delIf' => [static fn (KvOpsInterface $o) => $o->delIf('', 'v')];
        yield 'mget' => [static fn (KvOpsInterface $o) => $o->mget(['a', ''])];
    }

    /**
     * @dataProvider callsWithAnEmptyKey
     *
     * @param callable(KvOpsInterface): mixed $call
     */
    public function testAnEmptyKeyRaisesValueError(callable $call): void
    {
        $this->expectException(\ValueError::class);
        $call($this->ops);
    }

    public function testAKeyOverTheMaximumSizeRaisesValueError(): void
    {
        // 1 MiB: far above any sensible key limit, so this holds whatever the host's is.
        $this->expectException(\ValueError::class);
        $this->ops->set($this->p . str_repeat('k', 1 << 20), 'v');
    }
}
