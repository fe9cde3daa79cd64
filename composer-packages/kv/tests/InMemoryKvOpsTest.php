<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use Ephpm\Kv\InMemoryKvOps;
use Ephpm\Kv\ManualClock;
use PHPUnit\Framework\TestCase;

/**
 * What only the fake can show exactly: the clock can be moved by the millisecond and the
 * limits can be made small. The shared semantics are in KvOpsContractTest.
 */
final class InMemoryKvOpsTest extends TestCase
{
    private ManualClock $clock;

    protected function setUp(): void
    {
        $this->clock = new ManualClock();
    }

    private function ops(
        int $maxKeyBytes = 64,
        int $maxValueBytes = 0,
        int $maxBytes = 0,
        string $policy = InMemoryKvOps::POLICY_NO_EVICTION,
    ): InMemoryKvOps {
        return new InMemoryKvOps($this->clock, $maxKeyBytes, $maxValueBytes, $maxBytes, $policy);
    }

    public function testTtlIsRoundedToTheNearestSecondLikeRedis(): void
    {
        $ops = $this->ops();
        $ops->set('k', 'v', 10);
        self::assertSame(10_000, $ops->pttl('k'));
        $this->clock->advanceMilliseconds(499);
        self::assertSame(9_501, $ops->pttl('k'));
        self::assertSame(10, $ops->ttl('k'));
        $this->clock->advanceMilliseconds(2);
        self::assertSame(9_499, $ops->pttl('k'));
        self::assertSame(9, $ops->ttl('k'));
        $this->clock->advanceMilliseconds(9_000);
        self::assertSame(499, $ops->pttl('k'));
        self::assertSame(0, $ops->ttl('k'));
    }

    public function testAKeyIsGoneAtItsExpiryInstant(): void
    {
        $ops = $this->ops();
        $ops->set('k', 'v', 2);
        $this->clock->advanceMilliseconds(1_999);
        self::assertSame('v', $ops->get('k'));
        self::assertSame(1, $ops->pttl('k'));
        $this->clock->advanceMilliseconds(1);
        self::assertNull($ops->get('k'));
        self::assertSame(-2, $ops->pttl('k'));
        self::assertSame(1, $ops->stats()['expirations']);
    }

    public function testIncrementKeepsTheExactExpiryInstant(): void
    {
        $ops = $this->ops();
        $ops->set('n', '1', 10);
        $this->clock->advance(4);
        self::assertSame(2, $ops->incr('n'));
        self::assertSame(6_000, $ops->pttl('n'));
    }

    public function testExpiredKeysAreCountedAndNotListedInStats(): void
    {
        $ops = $this->ops();
        $ops->set('a', '1', 1);
        $ops->set('b', '2', 1);
        $ops->set('c', '3');
        $this->clock->advance(1);
        $stats = $ops->stats();
        self::assertSame(1, $stats['entries']);
        self::assertSame(2, $stats['expirations']);
        self::assertSame(2 + InMemoryKvOps::ENTRY_OVERHEAD_BYTES, $stats['bytes_used']);
    }

    public function testStatsCountHitsAndMisses(): void
    {
        $ops = $this->ops();
        $ops->set('a', 'x');
        $ops->get('a');
        $ops->get('nope');
        $ops->mget(['a', 'b', 'c']);
        self::assertSame(
            [
                'entries' => 1,
                'bytes_used' => 2 + InMemoryKvOps::ENTRY_OVERHEAD_BYTES,
                'byte_limit' => 0,
                'hits' => 2,
                'misses' => 3,
                'evictions' => 0,
                'expirations' => 0,
                'rejected_writes' => 0,
            ],
            $ops->stats(),
        );
    }

    public function testKeyLongerThanTheLimitRaisesValueError(): void
    {
        $ops = $this->ops(maxKeyBytes: 8);
        self::assertTrue($ops->set('12345678', 'v'));
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage('ephpm_kv_set(): Argument #1 ($key) must not be longer than 8 bytes, was 9');
        $ops->set('123456789', 'v');
    }

    public function testEmptyPrefixIsRefused(): void
    {
        // Refused like an empty key: deleting "everything" must be an explicit flushAll().
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage('ephpm_kv_del_prefix(): Argument #1 ($prefix) must not be empty');
        $this->ops()->delPrefix('');
    }

    public function testMgetRejectsKeysThatAreNeitherStringsNorInts(): void
    {
        $this->expectException(\TypeError::class);
        $this->expectExceptionMessage(
            'ephpm_kv_mget(): Argument #1 ($keys) must contain only strings or ints, stdClass given',
        );
        $this->ops()->mget(['a', 1, new \stdClass()]);
    }

    public function testTheDefaultsAreTheHosts(): void
    {
        $ops = new InMemoryKvOps(new ManualClock());
        self::assertSame(256 * 1024 * 1024, $ops->stats()['byte_limit']);
        self::assertTrue($ops->set(str_repeat('k', 64 * 1024), 'v'));
        $this->expectException(\ValueError::class);
        $ops->set(str_repeat('k', 64 * 1024 + 1), 'v');
    }

    public function testAValueOverTheSizeLimitIsNotStoredAndThePreviousOneStays(): void
    {
        $ops = $this->ops(maxValueBytes: 4);
        self::assertTrue($ops->set('k', 'old', 100));
        self::assertFalse($ops->set('k', 'too long'));
        self::assertSame('old', $ops->get('k'));
        self::assertSame(100, $ops->ttl('k'), 'the previous TTL stays too');
        self::assertFalse($ops->add('other', 'too long'));
        self::assertFalse($ops->exists('other'));
        self::assertSame(2, $ops->stats()['rejected_writes']);
    }

    public function testMemoryIsChargedWithThePerEntryOverhead(): void
    {
        $ops = $this->ops();
        $ops->set('key', 'value');
        self::assertSame(3 + 5 + InMemoryKvOps::ENTRY_OVERHEAD_BYTES, $ops->stats()['bytes_used']);
        $ops->set('key', 'v');
        self::assertSame(3 + 1 + InMemoryKvOps::ENTRY_OVERHEAD_BYTES, $ops->stats()['bytes_used']);
        $ops->del('key');
        self::assertSame(0, $ops->stats()['bytes_used']);
    }

    public function testNoEvictionRefusesWritesWhenFull(): void
    {
        $hundred = str_repeat('x', 100);
        $ops = $this->ops(maxBytes: 950);           // each 100-byte entry weighs 1 + 100 + 280
        self::assertTrue($ops->set('a', $hundred));
        self::assertTrue($ops->set('b', $hundred)); // 762 bytes
        self::assertFalse($ops->set('c', $hundred));
        self::assertFalse($ops->incr('c'), '"1" would weigh 282 more');
        self::assertTrue($ops->set('a', '1'), 'shrinking a value always fits');
        self::assertTrue($ops->set('c', '1'));       // 945 bytes
        self::assertSame(['a' => '1', 'b' => $hundred, 'c' => '1'], $ops->mget(['a', 'b', 'c']));
        $stats = $ops->stats();
        self::assertSame(950, $stats['byte_limit']);
        self::assertSame(945, $stats['bytes_used']);
        self::assertSame(2, $stats['rejected_writes']);
        self::assertSame(0, $stats['evictions']);
    }

    public function testExpiredKeysFreeSpaceBeforeAWriteIsRefused(): void
    {
        $ops = $this->ops(maxBytes: 570);           // two entries of 1 + 4 + 280
        $ops->set('a', '1234', 1);
        $ops->set('b', '1234');
        $this->clock->advance(1);
        self::assertTrue($ops->set('c', '1234'));
    }

    /**
     * @return iterable<string, array{string}>
     */
    public static function evictingPolicies(): iterable
    {
        yield [InMemoryKvOps::POLICY_ALLKEYS];
        yield [InMemoryKvOps::POLICY_ALLKEYS_LRU];
        yield [InMemoryKvOps::POLICY_ALLKEYS_LFU];
        yield ['ALLKEYS_LRU'];
    }

    /**
     * @dataProvider evictingPolicies
     */
    public function testEvictingPoliciesMakeRoom(string $policy): void
    {
        $ops = $this->ops(maxBytes: 570, policy: $policy); // two entries of 1 + 4 + 280
        $ops->set('a', '1234');
        $ops->set('b', '1234');
        $ops->get('a');
        self::assertTrue($ops->set('c', '1234'));
        self::assertNull($ops->get('b'), 'the fake evicts the least recently used key');
        self::assertSame('1234', $ops->get('a'));
        self::assertSame(1, $ops->stats()['evictions']);
        self::assertFalse($ops->set('huge', str_repeat('x', 500)), 'heavier than the whole store');
    }

    public function testFlushAllKeepsTheCounters(): void
    {
        $ops = $this->ops();
        $ops->set('a', '1');
        $ops->get('a');
        $ops->flushAll();
        $stats = $ops->stats();
        self::assertSame(0, $stats['entries']);
        self::assertSame(0, $stats['bytes_used']);
        self::assertSame(1, $stats['hits']);
    }

    public function testNumericStringKeysStayStrings(): void
    {
        $ops = $this->ops();
        $ops->set('123', 'a');
        $ops->set('1234', 'b');
        self::assertSame(['123' => 'a'], $ops->mget(['123']));
        self::assertSame(2, $ops->delPrefix('12'));
    }

    public function testInstancesDoNotShareData(): void
    {
        $a = $this->ops();
        $b = $this->ops();
        $a->set('k', 'v');
        self::assertNull($b->get('k'));
    }

    public function testInvalidConfigurationIsRejected(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        new InMemoryKvOps(null, 64, 0, 0, 'volatile-sometimes');
    }

    public function testManualClockOnlyMovesForward(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        $this->clock->advanceMilliseconds(-1);
    }
}
