<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/** Under noeviction nothing is evicted: when the store is full, writes return false and change nothing. */
final class NoEvictionTest extends KvTestCase
{
    private const LIMIT = 64 * 1024;

    protected function setUp(): void
    {
        ephpm_test_kv_reset(memory_limit: self::LIMIT, eviction_policy: 'noeviction');
    }

    /**
     * Fills the store to the brim: writes "fill:0", "fill:1", ... with 500-byte values until one is refused, then
     * with smaller ones, down to "". Afterwards not even an entry with an empty value and a key as long as these
     * fits. Returns how many were stored; the store has refused 4 writes.
     */
    private function fill(int $ttl = 0): int
    {
        $n = 0;
        foreach ([500, 100, 20, 0] as $size) {
            while (ephpm_kv_set("fill:$n", str_repeat('f', $size), $ttl)) {
                $n++;
                $this->assertLessThan(1000, $n, 'a 64 KiB store took 1000 entries');
            }
        }
        return $n;
    }

    public function testWritesAreRefusedWhenFullAndNothingIsEvicted(): void
    {
        $overhead = self::entryOverhead();
        $stored = $this->fill();
        $this->assertGreaterThan(50, $stored);
        $stats = self::settledStats();
        $this->assertSame($stored, $stats['entries']);
        $this->assertSame(0, $stats['evictions']);
        $this->assertSame(4, $stats['rejected_writes']);
        $this->assertLessThanOrEqual(self::LIMIT, $stats['bytes_used']);
        $this->assertGreaterThan(self::LIMIT, $stats['bytes_used'] + strlen("fill:$stored") + $overhead,
            'refused only when the next entry did not fit');
        for ($n = 0; $n < $stored; $n++) {
            $this->assertTrue(ephpm_kv_exists("fill:$n"), "fill:$n is still there");
        }
        $this->assertFalse(ephpm_kv_exists("fill:$stored"));
    }

    public function testAFullStoreKeepsTheOldValueWhenAReplacementIsBigger(): void
    {
        ephpm_kv_set('k', 'old', 30);
        $this->fill();
        $this->assertFalse(ephpm_kv_set('k', str_repeat('n', 2000)));
        $this->assertSame('old', ephpm_kv_get('k'));
        $this->assertSame(30, ephpm_kv_ttl('k'));
        $this->assertTrue(ephpm_kv_set('k', 'new'), 'a value of the same size needs no more room');
        $this->assertSame('new', ephpm_kv_get('k'));
        $this->assertTrue(ephpm_kv_set('k', ''), 'a smaller one neither');
        $this->assertSame('', ephpm_kv_get('k'));
    }

    public function testAFullStoreRefusesAddAndIncrOfNewKeys(): void
    {
        ephpm_kv_set('counter', '5');
        $this->fill();
        $this->assertFalse(ephpm_kv_add('a new key, longer than the fill keys', 'v'));
        $this->assertFalse(ephpm_kv_setnx('a new key, longer than the fill keys', 'v'));
        $this->assertFalse(ephpm_kv_incr('a new counter, longer than the fill keys'));
        $this->assertFalse(ephpm_kv_incr_by('a new counter, longer than the fill keys', 5));
        $this->assertFalse(ephpm_kv_exists('a new key, longer than the fill keys'));
        $this->assertFalse(ephpm_kv_exists('a new counter, longer than the fill keys'));
        $this->assertSame(6, ephpm_kv_incr('counter'), 'same length: no more room needed');
        $this->assertSame('6', ephpm_kv_get('counter'));
    }

    public function testDeletingMakesRoomAgain(): void
    {
        $stored = $this->fill();
        $this->assertFalse(ephpm_kv_set('new', str_repeat('n', 500)));
        $this->assertSame(1, ephpm_kv_del('fill:0'));
        $this->assertTrue(ephpm_kv_set('new', str_repeat('n', 500)));
        $this->assertFalse(ephpm_kv_set('newer', str_repeat('n', 500)));
        $this->assertTrue(ephpm_kv_del_if('fill:1', str_repeat('f', 500)));
        $this->assertTrue(ephpm_kv_set('newer', str_repeat('n', 500)));
        $this->assertTrue(ephpm_kv_expire('fill:2', 0));
        $this->assertTrue(ephpm_kv_set('newest', str_repeat('n', 500)));
        $this->assertSame($stored - 3, ephpm_kv_del_prefix('fill:'));
        $this->assertTrue(ephpm_kv_set('after prefix', str_repeat('n', 500)));
        $this->assertTrue(ephpm_kv_flush_all());
        $this->assertSame(0, self::settledStats()['bytes_used']);
        $this->assertSame($stored, $this->fill(), 'an emptied store holds as much as before');
    }

    public function testExpiredEntriesAreReclaimedBeforeAWriteIsRefused(): void
    {
        $stored = $this->fill(1);
        self::advance(3000); // all dead, and old enough for the store's own clean-up to reclaim them
        $this->assertTrue(ephpm_kv_set('new', str_repeat('n', 500)), 'dead entries do not hold the room');
        $stats = ephpm_kv_stats();
        $this->assertSame($stored, $stats['expirations']);
        $this->assertSame(1, $stats['entries']);
    }

    public function testAnEntryBiggerThanTheWholeStoreIsRefused(): void
    {
        $this->assertFalse(ephpm_kv_set('k', str_repeat('x', self::LIMIT)));
        $this->assertFalse(ephpm_kv_exists('k'));
    }
}
