<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use PHPUnit\Framework\TestCase;

/**
 * Every test starts on a new, empty store with the default limits (KvConfig.defaults(): 256 MiB, allkeys, 64 KiB
 * keys, 64 MiB values) on a clock that moves only through advance().
 */
abstract class KvTestCase extends TestCase
{
    protected function setUp(): void
    {
        ephpm_test_kv_reset();
    }

    /** Moves the store's clock forward by $ms milliseconds. */
    protected static function advance(int $ms): void
    {
        ephpm_test_clock_advance($ms);
    }

    /** Runs the maintenance a production store's reaper runs every second: reclaims expired entries, settles eviction. */
    protected static function maintenance(): void
    {
        ephpm_test_kv_maintenance();
    }

    /** ephpm_kv_stats(), after maintenance so that entries and bytes are settled. */
    protected static function settledStats(): array
    {
        self::maintenance();
        return ephpm_kv_stats();
    }

    /**
     * The bytes a store charges per entry on top of its key and value, measured through stats with a probe entry
     * (so the store must have room for one).
     */
    protected static function entryOverhead(): int
    {
        $probe = "\0overhead probe";
        $before = self::settledStats()['bytes_used'];
        self::assertTrue(ephpm_kv_set($probe, ''), 'no room for the overhead probe');
        $after = self::settledStats()['bytes_used'];
        ephpm_kv_del($probe);
        return $after - $before - strlen($probe);
    }
}
