<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/**
 * TTLs, on the store's fake clock (advance() moves it; nothing sleeps): set/add with a TTL, expire, ttl, pttl, and
 * which writes keep or clear a TTL.
 */
final class TtlTest extends KvTestCase
{
    private const HUNDRED_YEARS = 100 * 365 * 24 * 3600;

    public function testAKeyIsVisibleForExactlyItsTtl(): void
    {
        $this->assertTrue(ephpm_kv_set('k', 'v', 3));
        $this->assertSame(3000, ephpm_kv_pttl('k'));
        self::advance(2999);
        $this->assertSame('v', ephpm_kv_get('k'));
        $this->assertTrue(ephpm_kv_exists('k'));
        $this->assertSame(1, ephpm_kv_pttl('k'));

        self::advance(1);
        $this->assertNull(ephpm_kv_get('k'));
        $this->assertFalse(ephpm_kv_exists('k'));
        $this->assertSame(-2, ephpm_kv_ttl('k'));
        $this->assertSame(-2, ephpm_kv_pttl('k'));
        $this->assertSame(['k' => null], ephpm_kv_mget(['k']));
        $this->assertFalse(ephpm_kv_expire('k', 10), 'an expired key is missing for expire too');
    }

    public function testWithoutTtlAKeyNeverExpires(): void
    {
        ephpm_kv_set('zero', 'v', 0);
        ephpm_kv_set('default', 'v');
        ephpm_kv_set('negative', 'v', -5);
        ephpm_kv_set('most-negative', 'v', PHP_INT_MIN);
        self::advance(self::HUNDRED_YEARS * 1000 + 1);
        foreach (['zero', 'default', 'negative', 'most-negative'] as $key) {
            $this->assertSame('v', ephpm_kv_get($key), $key);
            $this->assertSame(-1, ephpm_kv_ttl($key), $key);
            $this->assertSame(-1, ephpm_kv_pttl($key), $key);
        }
    }

    public function testTtlAndPttlOfAMissingKeyAreMinusTwo(): void
    {
        $this->assertSame(-2, ephpm_kv_ttl('missing'));
        $this->assertSame(-2, ephpm_kv_pttl('missing'));
    }

    /**
     * Redis answers TTL with (milliseconds + 500) / 1000: 1500 ms left is 2, 1499 ms is 1, and a key with less than
     * 500 ms left answers 0 while it is still there.
     *
     * @return array<string, array{int, int, int}> elapsed ms on a 2 s key => [elapsed, pttl, ttl]
     */
    public function ttlRounding(): array
    {
        return [
            'fresh' => [0, 2000, 2],
            '1501 ms left' => [499, 1501, 2],
            '1500 ms left' => [500, 1500, 2],
            '1499 ms left' => [501, 1499, 1],
            '1000 ms left' => [1000, 1000, 1],
            '500 ms left' => [1500, 500, 1],
            '499 ms left' => [1501, 499, 0],
            '1 ms left' => [1999, 1, 0],
        ];
    }

    /** @dataProvider ttlRounding */
    public function testTtlRoundsAsRedisDoes(int $elapsed, int $pttl, int $ttl): void
    {
        ephpm_kv_set('k', 'v', 2);
        self::advance($elapsed);
        $this->assertSame($pttl, ephpm_kv_pttl('k'));
        $this->assertSame($ttl, ephpm_kv_ttl('k'));
        $this->assertTrue(ephpm_kv_exists('k'), 'still there, even when ttl says 0');
    }

    public function testSetClearsThePreviousTtl(): void
    {
        ephpm_kv_set('k', 'v', 10);
        $this->assertTrue(ephpm_kv_set('k', 'w'));
        $this->assertSame(-1, ephpm_kv_ttl('k'));
        self::advance(20_000);
        $this->assertSame('w', ephpm_kv_get('k'));
    }

    public function testSetReplacesTheTtl(): void
    {
        ephpm_kv_set('k', 'v', 10);
        self::advance(4000);
        ephpm_kv_set('k', 'v', 100);
        $this->assertSame(100_000, ephpm_kv_pttl('k'));
        ephpm_kv_set('k', 'v', 1);
        $this->assertSame(1000, ephpm_kv_pttl('k'));
    }

    public function testExpireSetsATtlOnAKeyWithout(): void
    {
        ephpm_kv_set('k', 'v');
        $this->assertTrue(ephpm_kv_expire('k', 5));
        $this->assertSame(5000, ephpm_kv_pttl('k'));
        $this->assertSame('v', ephpm_kv_get('k'), 'expire keeps the value');
        self::advance(5000);
        $this->assertNull(ephpm_kv_get('k'));
    }

    public function testExpireReplacesTheTtlLongerOrShorter(): void
    {
        ephpm_kv_set('k', 'v', 10);
        self::advance(3000);
        $this->assertTrue(ephpm_kv_expire('k', 60));
        $this->assertSame(60_000, ephpm_kv_pttl('k'));
        $this->assertTrue(ephpm_kv_expire('k', 1));
        $this->assertSame(1000, ephpm_kv_pttl('k'));
    }

    public function testExpireOnAMissingKeyIsFalseAndCreatesNothing(): void
    {
        $this->assertFalse(ephpm_kv_expire('missing', 10));
        $this->assertFalse(ephpm_kv_exists('missing'));
        $this->assertFalse(ephpm_kv_expire('missing', 0));
        $this->assertFalse(ephpm_kv_expire('missing', -1));
    }

    /** @return array<string, array{int}> */
    public function nonPositiveTtls(): array
    {
        return ['0' => [0], '-1' => [-1], 'PHP_INT_MIN' => [PHP_INT_MIN]];
    }

    /** @dataProvider nonPositiveTtls */
    public function testExpireWithANonPositiveTtlDeletesTheKey(int $ttl): void
    {
        ephpm_kv_set('k', 'v', 100);
        ephpm_kv_set('other', 'v');
        $this->assertTrue(ephpm_kv_expire('k', $ttl), 'the key existed');
        $this->assertNull(ephpm_kv_get('k'));
        $this->assertSame(-2, ephpm_kv_ttl('k'));
        $this->assertSame(1, self::settledStats()['entries']);
        $this->assertSame('v', ephpm_kv_get('other'));
    }

    public function testHugeTtlsAreCutToOneHundredYears(): void
    {
        $this->assertTrue(ephpm_kv_set('max', 'v', PHP_INT_MAX));
        $this->assertSame(self::HUNDRED_YEARS, ephpm_kv_ttl('max'));
        $this->assertSame(self::HUNDRED_YEARS * 1000, ephpm_kv_pttl('max'));

        // seconds * 1000 would overflow a 64-bit int just past this
        $this->assertTrue(ephpm_kv_add('overflowing', 'v', intdiv(PHP_INT_MAX, 1000) + 1));
        $this->assertSame(self::HUNDRED_YEARS, ephpm_kv_ttl('overflowing'));

        ephpm_kv_set('k', 'v');
        $this->assertTrue(ephpm_kv_expire('k', PHP_INT_MAX));
        $this->assertSame(self::HUNDRED_YEARS, ephpm_kv_ttl('k'));

        $this->assertTrue(ephpm_kv_set('year', 'v', 365 * 24 * 3600));
        $this->assertSame(365 * 24 * 3600, ephpm_kv_ttl('year'), 'long TTLs under the cap are kept exactly');
        self::advance(self::HUNDRED_YEARS * 1000);
        $this->assertNull(ephpm_kv_get('max'));
    }

    public function testIncrKeepsTheTtl(): void
    {
        ephpm_kv_set('counter', '10', 10);
        self::advance(4000);
        $this->assertSame(11, ephpm_kv_incr('counter'));
        $this->assertSame(6000, ephpm_kv_pttl('counter'));
        $this->assertSame(16, ephpm_kv_incr_by('counter', 5));
        $this->assertSame(15, ephpm_kv_decr('counter'));
        $this->assertSame(6000, ephpm_kv_pttl('counter'));
        self::advance(6000);
        $this->assertNull(ephpm_kv_get('counter'), 'the counter expires when the original TTL says');
    }

    public function testIncrOnAnExpiredCounterStartsAgainWithoutTtl(): void
    {
        ephpm_kv_set('counter', '41', 1);
        self::advance(1000);
        $this->assertSame(1, ephpm_kv_incr('counter'));
        $this->assertSame(-1, ephpm_kv_ttl('counter'));
    }

    public function testAKeyWrittenByAddExpires(): void
    {
        $this->assertTrue(ephpm_kv_add('k', 'v', 2));
        self::advance(1999);
        $this->assertSame('v', ephpm_kv_get('k'));
        self::advance(1);
        $this->assertNull(ephpm_kv_get('k'));
    }

    public function testTtlPttlAndExistsDoNotCountAsLookups(): void
    {
        ephpm_kv_set('k', 'v', 10);
        ephpm_kv_ttl('k');
        ephpm_kv_pttl('k');
        ephpm_kv_exists('k');
        ephpm_kv_ttl('missing');
        ephpm_kv_pttl('missing');
        ephpm_kv_exists('missing');
        $stats = ephpm_kv_stats();
        $this->assertSame(0, $stats['hits']);
        $this->assertSame(0, $stats['misses']);
    }
}
