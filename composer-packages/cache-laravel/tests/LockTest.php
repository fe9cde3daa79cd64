<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel\Tests;

use Ephpm\Cache\Laravel\EphpmLock;
use Illuminate\Contracts\Cache\LockProvider;
use Illuminate\Contracts\Cache\LockTimeoutException;
use Illuminate\Support\Facades\Cache;

final class LockTest extends LaravelTestCase
{
    public function testTheStoreIsALockProvider(): void
    {
        self::assertInstanceOf(LockProvider::class, Cache::getStore());
        self::assertInstanceOf(EphpmLock::class, Cache::lock('job'));
    }

    public function testOnlyOneOwnerAcquires(): void
    {
        $first = Cache::lock('job', 10);
        $second = Cache::lock('job', 10);
        self::assertTrue($first->get());
        self::assertFalse($second->get());
        self::assertSame($first->owner(), Cache::get('job'), 'the lock is an item holding its owner');
        self::assertTrue($first->release());
        self::assertTrue($second->get());
    }

    public function testOnlyTheOwnerCanRelease(): void
    {
        $first = Cache::lock('job', 10);
        $first->get();
        $intruder = Cache::lock('job', 10);
        self::assertFalse($intruder->release());
        self::assertFalse(Cache::lock('job', 10)->get(), 'still held');
        self::assertTrue($first->release());
        self::assertFalse($first->release(), 'already released');
    }

    public function testAnExpiredOwnerCannotReleaseTheNextOwnersLock(): void
    {
        $slow = Cache::lock('job', 1);
        self::assertTrue($slow->get());
        $this->sleep(1.2);
        $next = Cache::lock('job', 10);
        self::assertTrue($next->get(), 'the expired lock is free again');
        self::assertFalse($slow->release(), 'the old owner must not delete the new lock');
        self::assertSame($next->owner(), Cache::get('job'));
    }

    public function testRestoreLockReleasesOnBehalfOfTheOwner(): void
    {
        $lock = Cache::lock('job', 60);
        $lock->get();
        $restored = Cache::restoreLock('job', $lock->owner());
        self::assertSame($lock->owner(), $restored->owner());
        self::assertTrue($restored->release());
        self::assertTrue(Cache::lock('job', 60)->get());
    }

    public function testForceRelease(): void
    {
        Cache::lock('job', 60)->get();
        Cache::lock('job')->forceRelease();
        self::assertTrue(Cache::lock('job', 60)->get());
    }

    public function testGetWithACallbackReleasesAfterwards(): void
    {
        self::assertSame('done', Cache::lock('job', 60)->get(static fn () => 'done'));
        self::assertTrue(Cache::lock('job', 60)->get());
    }

    public function testALockWithoutTtlIsHeldUntilReleased(): void
    {
        $lock = Cache::lock('job');
        $lock->get();
        self::assertSame(-1, Cache::getStore()->ttl('job'));
        $lock->release();
    }

    public function testBlockGivesUpWithATimeout(): void
    {
        Cache::lock('job', 60)->get();
        $this->expectException(LockTimeoutException::class);
        Cache::lock('job', 60)->betweenBlockedAttemptsSleepFor(10)->block(0);
    }

    public function testBlockAcquiresAFreeLock(): void
    {
        self::assertSame('ran', Cache::lock('job', 60)->block(1, static fn () => 'ran'));
    }

    public function testLocksOfTwoStoresAreIndependent(): void
    {
        self::assertTrue(Cache::lock('job', 60)->get());
        self::assertTrue(Cache::store('second')->lock('job', 60)->get());
    }
}
