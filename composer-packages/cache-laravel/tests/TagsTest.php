<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel\Tests;

use Illuminate\Support\Facades\Cache;

final class TagsTest extends LaravelTestCase
{
    public function testTaggedItems(): void
    {
        self::assertTrue(Cache::supportsTags());
        Cache::tags(['people', 'artists'])->put('john', 'John', 60);
        Cache::tags(['people', 'authors'])->put('anne', 'Anne', 60);
        self::assertSame('John', Cache::tags(['people', 'artists'])->get('john'));
        self::assertSame('Anne', Cache::tags(['people', 'authors'])->get('anne'));
        self::assertNull(Cache::get('john'), 'tagged items are only reachable through their tags');
    }

    public function testFlushingATagForgetsItsItemsOnly(): void
    {
        Cache::tags(['people', 'artists'])->put('john', 'John', 60);
        Cache::tags(['people', 'authors'])->put('anne', 'Anne', 60);
        Cache::tags(['books'])->put('b1', 'Dune', 60);
        Cache::put('plain', 'untagged', 60);

        Cache::tags('authors')->flush();

        self::assertSame('John', Cache::tags(['people', 'artists'])->get('john'));
        self::assertNull(Cache::tags(['people', 'authors'])->get('anne'));
        self::assertSame('Dune', Cache::tags(['books'])->get('b1'));
        self::assertSame('untagged', Cache::get('plain'));

        Cache::tags('people')->flush();
        self::assertNull(Cache::tags(['people', 'artists'])->get('john'));
        self::assertSame('Dune', Cache::tags(['books'])->get('b1'));
    }

    public function testTaggedIncrementsAndRemember(): void
    {
        Cache::tags('stats')->put('hits', 1, 60);
        self::assertSame(2, Cache::tags('stats')->increment('hits'));
        self::assertSame(5, Cache::tags('stats')->remember('computed', 60, static fn () => 5));
        self::assertSame(5, Cache::tags('stats')->get('computed'));
        Cache::tags('stats')->flush();
        self::assertNull(Cache::tags('stats')->get('hits'));
    }

    public function testTagsLiveUnderTheStorePrefixSoFlushRemovesThem(): void
    {
        Cache::tags('t')->put('k', 'v', 60);
        self::assertNotNull($this->ops->get($this->root . ':cache:tag:t:key'), 'the tag id is a key of this store');
        Cache::store('second')->flush();
        self::assertSame('v', Cache::tags('t')->get('k'), "another store's flush leaves it alone");
        Cache::flush();
        self::assertNull(Cache::tags('t')->get('k'));
    }
}
