<?php

declare(strict_types=1);

namespace Ephpm\Cache\Symfony\Tests;

use Ephpm\Cache\Symfony\Tests\Support\SymfonyTestCase;
use Symfony\Component\Cache\Adapter\TagAwareAdapter;
use Symfony\Contracts\Cache\ItemInterface;

/**
 * Tags: Symfony's TagAwareAdapter on top of EphpmKvAdapter, as shown in the README.
 */
final class TagAwareAdapterTest extends SymfonyTestCase
{
    public function testInvalidatingATagOnlyDropsItsItems(): void
    {
        $cache = new TagAwareAdapter($this->pool('items'), $this->pool('tags'));
        $cache->save($cache->getItem('john')->set('John')->tag(['people', 'artists']));
        $cache->save($cache->getItem('anne')->set('Anne')->tag(['people', 'authors']));
        $cache->save($cache->getItem('dune')->set('Dune')->tag('books'));

        self::assertTrue($cache->invalidateTags(['authors']));

        self::assertTrue($cache->getItem('john')->isHit());
        self::assertFalse($cache->getItem('anne')->isHit());
        self::assertTrue($cache->getItem('dune')->isHit());

        $cache->invalidateTags(['people']);
        self::assertFalse($cache->getItem('john')->isHit());
        self::assertTrue($cache->getItem('dune')->isHit());
    }

    public function testTagsThroughTheContractsCallback(): void
    {
        $cache = new TagAwareAdapter($this->pool('items'));
        $value = $cache->get('report', static function (ItemInterface $item): array {
            $item->tag('reports')->expiresAfter(60);

            return ['total' => 3];
        });
        self::assertSame(['total' => 3], $value);
        self::assertTrue($cache->getItem('report')->isHit());
        $cache->invalidateTags(['reports']);
        self::assertFalse($cache->getItem('report')->isHit());
    }

    public function testClearingTheTagAwarePoolLeavesOtherPools(): void
    {
        $other = $this->pool('other');
        $other->save($other->getItem('k')->set('v'));
        $cache = new TagAwareAdapter($this->pool('items'));
        $cache->save($cache->getItem('k')->set('v')->tag('t'));
        self::assertTrue($cache->clear());
        self::assertFalse($cache->getItem('k')->isHit());
        self::assertTrue($other->getItem('k')->isHit());
    }
}
