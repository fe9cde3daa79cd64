<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel\Tests;

use Ephpm\Cache\Laravel\EphpmStore;
use Ephpm\Cache\Laravel\KvOpsInterface;
use Ephpm\Kv\Exception\NonIntegerValueException;
use Ephpm\Kv\Testing\RefusingKvOps;
use Illuminate\Cache\Events\KeyWritten;
use Illuminate\Cache\Repository;
use Illuminate\Support\Facades\Cache;

/**
 * The store as applications use it: through Laravel's CacheManager and Repository.
 */
final class RepositoryTest extends LaravelTestCase
{
    public function testTheEphpmStoreIsTheConfiguredDefault(): void
    {
        $repository = Cache::store();
        self::assertInstanceOf(Repository::class, $repository);
        self::assertInstanceOf(EphpmStore::class, $repository->getStore());
        self::assertSame($this->root . ':cache:', $repository->getStore()->getPrefix());
    }

    public function testFacadeRoundTrip(): void
    {
        self::assertTrue(Cache::put('user:1', ['name' => 'Ada'], 60));
        self::assertSame(['name' => 'Ada'], Cache::get('user:1'));
        self::assertTrue(Cache::has('user:1'));
        self::assertTrue(Cache::missing('user:2'));
        self::assertSame('default', Cache::get('user:2', 'default'));
        self::assertSame(['name' => 'Ada'], Cache::pull('user:1'));
        self::assertFalse(Cache::has('user:1'));
    }

    public function testRemember(): void
    {
        $calls = 0;
        $compute = static function () use (&$calls): int {
            return ++$calls;
        };
        self::assertSame(1, Cache::remember('r', 60, $compute));
        self::assertSame(1, Cache::remember('r', 60, $compute));
        self::assertSame(2, Cache::rememberForever('rf', static fn () => 2));
        self::assertSame(1, $calls);
        self::assertSame(-1, Cache::getStore()->ttl('rf'));
    }

    public function testDateTimeAndIntervalTtls(): void
    {
        Cache::put('a', 1, new \DateInterval('PT90S'));
        Cache::put('b', 1, now()->addMinutes(2));
        self::assertGreaterThanOrEqual(89, Cache::getStore()->ttl('a'));
        self::assertGreaterThanOrEqual(119, Cache::getStore()->ttl('b'));
    }

    public function testAPutWithAnExpiredTtlForgetsTheItem(): void
    {
        Cache::forever('k', 'v');
        Cache::put('k', 'v2', 0);
        self::assertNull(Cache::get('k'));
    }

    public function testManyAndPutMany(): void
    {
        self::assertTrue(Cache::putMany(['a' => 1, 'b' => 2], 60));
        self::assertSame(['a' => 1, 'b' => 2, 'c' => null], Cache::many(['a', 'b', 'c']));
        self::assertSame(['a' => 1, 'c' => 'fallback'], Cache::many(['a', 'c' => 'fallback']));
    }

    public function testAddWithTtlIsAtomicSetIfAbsent(): void
    {
        self::assertTrue(Cache::add('k', 'first', 60));
        self::assertFalse(Cache::add('k', 'second', 60));
        self::assertSame('first', Cache::get('k'));
    }

    public function testIncrementOnAValueWrittenByPutKeepsItsTtl(): void
    {
        Cache::put('views', 41, 60);
        self::assertSame(42, Cache::increment('views'));
        self::assertSame(40, Cache::decrement('views', 2));
        self::assertSame(40, Cache::get('views'));
        self::assertGreaterThanOrEqual(59, Cache::getStore()->ttl('views'));
    }

    public function testIncrementOnANonIntegerRaises(): void
    {
        Cache::put('name', 'Ada', 60);
        $this->expectException(NonIntegerValueException::class);
        Cache::increment('name');
    }

    public function testPutReportsAValueThatCouldNotBeStored(): void
    {
        // Like the host when a value exceeds its size limit: set() returns false.
        $this->app->instance(
            KvOpsInterface::class,
            new RefusingKvOps($this->ops, static fn (string $key, string $value): bool => \strlen($value) > 16),
        );
        $this->app->make('cache')->forgetDriver('ephpm');
        $written = [];
        $this->app->make('events')->listen(KeyWritten::class, static function (KeyWritten $e) use (&$written): void {
            $written[] = $e->key;
        });

        self::assertTrue(Cache::put('small', 'ok', 60));
        self::assertFalse(Cache::put('large', str_repeat('x', 100), 60));
        self::assertNull(Cache::get('large'));
        self::assertSame(['small'], $written, 'no KeyWritten event for the refused value');
    }

    public function testItemsExpire(): void
    {
        Cache::put('k', 'v', 1);
        $this->sleep(1.2);
        self::assertNull(Cache::get('k'));
    }

    public function testFlushOnlyClearsItsOwnStore(): void
    {
        Cache::put('k', 'default store', 60);
        Cache::store('second')->put('k', 'second store', 60);
        Cache::store('sessions')->put('sess', 'a session', 60);
        $this->ops->set($this->root . ':another-app:k', 'not ours');

        self::assertTrue(Cache::flush());

        self::assertNull(Cache::get('k'));
        self::assertSame('second store', Cache::store('second')->get('k'));
        self::assertSame('a session', Cache::store('sessions')->get('sess'));
        self::assertSame('not ours', $this->ops->get($this->root . ':another-app:k'));
        self::assertTrue(Cache::store('second')->clear(), 'PSR-16 clear() flushes too');
        self::assertNull(Cache::store('second')->get('k'));
        self::assertSame('a session', Cache::store('sessions')->get('sess'));
    }

    public function testAStoreWithoutPrefixUsesCachePrefix(): void
    {
        $app = $this->createApplication(['cache' => ['stores' => ['noprefix' => ['driver' => 'ephpm']]]]);
        self::assertSame($this->root . ':fallback:', $app->make('cache')->store('noprefix')->getStore()->getPrefix());
    }

    public function testSerializableClassesLimitsUnserialization(): void
    {
        $app = $this->createApplication(['cache' => ['stores' => ['strict' => [
            'driver' => 'ephpm',
            'prefix' => $this->root . ':strict',
            'serializable_classes' => false,
        ]]]]);
        $strict = $app->make('cache')->store('strict');
        $strict->put('o', new \ArrayObject([1]), 60);
        self::assertInstanceOf(\__PHP_Incomplete_Class::class, $strict->get('o'));
        $strict->put('a', ['plain' => 'arrays are fine'], 60);
        self::assertSame(['plain' => 'arrays are fine'], $strict->get('a'));
    }
}
