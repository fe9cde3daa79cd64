<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/**
 * The value-size limit and the memory limit: a write that cannot be stored returns false and leaves the previous
 * value, and its TTL, as they were. (Key-size limits are ValueErrors: ArgumentErrorsTest.)
 */
final class LimitsTest extends KvTestCase
{
    public function testAValueOverTheMaximumIsRefusedAndTheOldValueKept(): void
    {
        ephpm_test_kv_reset(max_value_size: 1024);
        $this->assertTrue(ephpm_kv_set('k', 'old', 30));
        self::advance(10_000);

        $this->assertFalse(ephpm_kv_set('k', str_repeat('x', 1025)));
        $this->assertSame('old', ephpm_kv_get('k'));
        $this->assertSame(20_000, ephpm_kv_pttl('k'), 'the old TTL is kept too');

        $this->assertFalse(ephpm_kv_set('k', str_repeat('x', 1025), 100));
        $this->assertSame(20_000, ephpm_kv_pttl('k'));

        $this->assertTrue(ephpm_kv_set('k', str_repeat('x', 1024)), 'exactly the maximum is fine');
        $this->assertSame(1024, strlen(ephpm_kv_get('k')));
        $this->assertSame(-1, ephpm_kv_ttl('k'));
    }

    public function testAddOverTheMaximumIsRefused(): void
    {
        ephpm_test_kv_reset(max_value_size: 1024);
        $this->assertFalse(ephpm_kv_add('k', str_repeat('x', 1025)));
        $this->assertFalse(ephpm_kv_setnx('k', str_repeat('x', 1025)));
        $this->assertFalse(ephpm_kv_exists('k'));
        $this->assertSame(2, ephpm_kv_stats()['rejected_writes']);
    }

    public function testTheDefaultMaximumValueIs64MiB(): void
    {
        $this->assertTrue(ephpm_kv_set('k', 'old'));
        $this->assertFalse(ephpm_kv_set('k', str_repeat('x', (64 << 20) + 1)));
        $this->assertSame('old', ephpm_kv_get('k'));
        $this->assertTrue(ephpm_kv_set('k', str_repeat('x', 64 << 20)));
        $this->assertSame(64 << 20, strlen(ephpm_kv_get('k')));
    }

    public function testAnEntryBiggerThanTheWholeStoreIsRefusedUnderAllkeys(): void
    {
        ephpm_test_kv_reset(memory_limit: 64 * 1024, eviction_policy: 'allkeys-lru');
        $this->assertTrue(ephpm_kv_set('k', 'old'));
        $this->assertTrue(ephpm_kv_set('other', 'kept'));
        $this->assertFalse(ephpm_kv_set('k', str_repeat('x', 64 * 1024)), 'value + key + overhead > memory limit');
        $this->assertSame('old', ephpm_kv_get('k'));
        $this->assertSame('kept', ephpm_kv_get('other'), 'nothing was evicted for a write that cannot fit');
        $this->assertSame(0, self::settledStats()['evictions']);
    }

    public function testTheIncrementedValueAlwaysFitsTheSmallestValueLimit(): void
    {
        ephpm_test_kv_reset(max_value_size: 20);
        ephpm_kv_set('n', '-9223372036854775807');
        $this->assertSame(PHP_INT_MIN, ephpm_kv_decr('n'));
        $this->assertSame('-9223372036854775808', ephpm_kv_get('n'));
    }

    public function testLimitsOutsideTheirRangeAreRefusedByTheConfiguration(): void
    {
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage('maxValueBytes must be at least 20');
        ephpm_test_kv_reset(max_value_size: 19);
    }
}
