<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/** stats: its keys, and each counter moving when and only when it should. */
final class StatsTest extends KvTestCase
{
    private const KEYS = ['entries', 'bytes_used', 'byte_limit', 'hits', 'misses', 'evictions', 'expirations',
        'rejected_writes'];

    public function testAFreshStoreReportsZerosAndItsLimit(): void
    {
        $stats = ephpm_kv_stats();
        $this->assertSame(self::KEYS, array_keys($stats));
        $this->assertSame(
            ['entries' => 0, 'bytes_used' => 0, 'byte_limit' => 256 * 1024 * 1024, 'hits' => 0, 'misses' => 0,
                'evictions' => 0, 'expirations' => 0, 'rejected_writes' => 0],
            $stats
        );
        ephpm_test_kv_reset(memory_limit: 1_000_000);
        $this->assertSame(1_000_000, ephpm_kv_stats()['byte_limit']);
    }

    public function testEntriesAndBytesFollowWritesAndDeletes(): void
    {
        ephpm_kv_set('k1', 'value one');
        $one = self::settledStats();
        $this->assertSame(1, $one['entries']);
        $overhead = $one['bytes_used'] - strlen('k1') - strlen('value one');
        $this->assertGreaterThan(0, $overhead, 'each entry is charged more than its bytes');

        ephpm_kv_set('key two', str_repeat('x', 1000));
        $two = self::settledStats();
        $this->assertSame(2, $two['entries']);
        $this->assertSame($one['bytes_used'] + strlen('key two') + 1000 + $overhead, $two['bytes_used'],
            'the same overhead per entry');

        ephpm_kv_set('key two', 'short');
        $this->assertSame($one['bytes_used'] + strlen('key two') + strlen('short') + $overhead,
            self::settledStats()['bytes_used'], 'replacing a value charges the new size');

        ephpm_kv_del('k1');
        ephpm_kv_del('key two');
        $none = self::settledStats();
        $this->assertSame(0, $none['entries']);
        $this->assertSame(0, $none['bytes_used']);
    }

    public function testHitsAndMissesCountGetAndMgetLookups(): void
    {
        ephpm_kv_set('a', 'A');
        ephpm_kv_get('a');
        ephpm_kv_get('a');
        ephpm_kv_get('nope');
        ephpm_kv_mget(['a', 'nope', 'nada']);
        $stats = ephpm_kv_stats();
        $this->assertSame(3, $stats['hits']);
        $this->assertSame(3, $stats['misses']);
    }

    public function testWritesAndDeletesAreNotLookups(): void
    {
        ephpm_kv_set('a', '1');
        ephpm_kv_add('a', '2');
        ephpm_kv_add('b', '2');
        ephpm_kv_incr('a');
        ephpm_kv_expire('a', 10);
        ephpm_kv_del_if('a', 'x');
        ephpm_kv_del('b');
        ephpm_kv_del_prefix('zz');
        $stats = ephpm_kv_stats();
        $this->assertSame(0, $stats['hits']);
        $this->assertSame(0, $stats['misses']);
    }

    public function testAnExpiredKeyIsAMissThenAnExpirationOnceReclaimed(): void
    {
        ephpm_kv_set('a', 'A', 1);
        ephpm_kv_set('b', 'B', 1);
        ephpm_kv_set('c', 'C', 1);
        ephpm_kv_set('keep', 'K');
        $overhead = self::entryOverhead();
        self::advance(1000);
        $this->assertNull(ephpm_kv_get('a'));
        $stats = ephpm_kv_stats();
        $this->assertSame(1, $stats['misses']);
        $this->assertSame(0, $stats['hits']);

        // A production store's reaper reclaims dead entries within about two seconds; maintenance() is that reaper.
        self::advance(2500);
        $stats = self::settledStats();
        $this->assertSame(3, $stats['expirations']);
        $this->assertSame(1, $stats['entries']);
        $this->assertSame(strlen('keep') + strlen('K') + $overhead, $stats['bytes_used']);
        $this->assertSame(0, $stats['evictions'], 'expiring is not evicting');
    }

    public function testDeletedKeysAreNeitherExpirationsNorEvictions(): void
    {
        ephpm_kv_set('a', 'A', 1);
        ephpm_kv_del('a');
        ephpm_kv_set('b', 'B', 1);
        ephpm_kv_expire('b', 0);
        ephpm_kv_set('c', 'C');
        ephpm_kv_flush_all();
        self::advance(5000);
        $stats = self::settledStats();
        $this->assertSame(0, $stats['expirations']);
        $this->assertSame(0, $stats['evictions']);
    }

    public function testEvictionsUnderAllkeysKeepTheStoreUnderItsLimit(): void
    {
        $limit = 64 * 1024;
        ephpm_test_kv_reset(memory_limit: $limit, eviction_policy: 'allkeys-lru');
        $overhead = self::entryOverhead();
        $writes = 1000;
        for ($i = 0; $i < $writes; $i++) {
            $this->assertTrue(ephpm_kv_set("key:$i", str_repeat('v', 100)), 'allkeys makes room: every write succeeds');
            $this->assertLessThanOrEqual($limit, ephpm_kv_stats()['bytes_used']);
        }
        $stats = self::settledStats();
        $this->assertGreaterThan(0, $stats['evictions']);
        $this->assertSame($writes, $stats['entries'] + $stats['evictions'], 'every key is either held or evicted');
        $this->assertSame(0, $stats['expirations']);
        $this->assertSame(0, $stats['rejected_writes']);

        $held = 0;
        $bytes = 0;
        for ($i = 0; $i < $writes; $i++) {
            if (ephpm_kv_exists("key:$i")) {
                $held++;
                $bytes += strlen("key:$i") + 100 + $overhead;
            }
        }
        $this->assertSame($stats['entries'], $held);
        $this->assertSame($bytes, $stats['bytes_used']);
        $this->assertLessThanOrEqual($limit, $bytes);
    }

    public function testRejectedWritesCountRefusedWrites(): void
    {
        ephpm_test_kv_reset(max_value_size: 100);
        ephpm_kv_set('ok', str_repeat('v', 100));
        ephpm_kv_set('too big', str_repeat('v', 101));
        ephpm_kv_add('too big', str_repeat('v', 101));
        $this->assertSame(2, ephpm_kv_stats()['rejected_writes']);
    }
}
