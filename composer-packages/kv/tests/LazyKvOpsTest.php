<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use Ephpm\Kv\Exception\KvUnavailableException;
use Ephpm\Kv\InMemoryKvOps;
use Ephpm\Kv\KvOpsInterface;
use Ephpm\Kv\LazyKvOps;

final class LazyKvOpsTest extends KvTestCase
{
    public function testTheStoreIsCreatedOnTheFirstCallAndOnlyOnce(): void
    {
        $created = 0;
        $lazy = new LazyKvOps(function () use (&$created): KvOpsInterface {
            ++$created;

            return $this->ops;
        });

        self::assertSame(0, $created);
        self::assertFalse($lazy->isInitialized());
        self::assertTrue($lazy->set($this->p . 'k', 'v'));
        self::assertSame('v', $lazy->get($this->p . 'k'));
        self::assertSame(1, $created);
        self::assertTrue($lazy->isInitialized());
        self::assertSame($this->ops, $lazy->ops());
    }

    public function testEveryOperationReachesTheStore(): void
    {
        $lazy = new LazyKvOps(fn (): KvOpsInterface => $this->ops);
        $k = $this->p . 'k';
        $n = $this->p . 'n';

        self::assertTrue($lazy->set($k, 'v', 100));
        self::assertSame('v', $this->ops->get($k));
        self::assertSame(100, $lazy->ttl($k));
        self::assertGreaterThan(99_000, $lazy->pttl($k));
        self::assertTrue($lazy->exists($k));
        self::assertFalse($lazy->add($k, 'other'));
        self::assertFalse($lazy->delIf($k, 'other'));
        self::assertSame([$k => 'v', $n => null], $lazy->mget([$k, $n]));
        self::assertSame(5, $lazy->incrBy($n, 5));
        self::assertSame(6, $lazy->incr($n));
        self::assertSame(5, $lazy->decr($n));
        self::assertSame('5', $this->ops->get($n));
        self::assertTrue($lazy->expire($n, 50));
        self::assertSame(50, $this->ops->ttl($n));
        self::assertSame(1, $lazy->del($n));
        self::assertNull($this->ops->get($n));
        self::assertTrue($lazy->delIf($k, 'v'));
        self::assertTrue($lazy->add($k, 'again'));
        self::assertSame(1, $lazy->delPrefix($this->p));
        self::assertFalse($this->ops->exists($k));
        self::assertArrayHasKey('entries', $lazy->stats());
    }

    public function testFlushAllReachesTheStore(): void
    {
        // Always on a private fake: against the real store flushAll() would empty the store
        // the rest of the suite (and anything else in that server) is using.
        $fake = new InMemoryKvOps();
        $fake->set('k', 'v');
        $lazy = new LazyKvOps(static fn (): KvOpsInterface => $fake);

        self::assertTrue($lazy->flushAll());
        self::assertFalse($fake->exists('k'));
    }

    public function testAFailingFactoryFailsThatCallAndIsTriedAgainOnTheNext(): void
    {
        $attempts = 0;
        $lazy = new LazyKvOps(function () use (&$attempts): KvOpsInterface {
            if (++$attempts === 1) {
                throw KvUnavailableException::missingFunctions(['ephpm_kv_get']);
            }

            return $this->ops;
        });

        try {
            $lazy->get($this->p . 'k');
            self::fail('Expected KvUnavailableException');
        } catch (KvUnavailableException $e) {
            self::assertStringContainsString('ephpm_kv_get', $e->getMessage());
        }
        self::assertFalse($lazy->isInitialized());
        self::assertTrue($lazy->set($this->p . 'k', 'v'));
        self::assertSame(2, $attempts);
    }

    public function testAFactoryThatReturnsSomethingElseIsRefusedWithAnExplanation(): void
    {
        $lazy = new LazyKvOps(static fn (): \stdClass => new \stdClass());

        $this->expectException(\UnexpectedValueException::class);
        $this->expectExceptionMessage('must return a Ephpm\Kv\KvOpsInterface, it returned stdClass');
        $lazy->get('k');
    }
}
