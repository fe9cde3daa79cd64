<?php

declare(strict_types=1);

namespace Ephpm\Cache\Symfony\Tests;

use Ephpm\Cache\Symfony\EphpmKvAdapter;
use Ephpm\Cache\Symfony\InMemoryKvOps;
use Ephpm\Cache\Symfony\Tests\Support\SymfonyTestCase;
use Ephpm\Kv\Exception\KvUnavailableException;
use Ephpm\Kv\ManualClock;
use Ephpm\Kv\SapiKvOps;
use Ephpm\Kv\Testing\RefusingKvOps;
use Psr\Cache\CacheItemPoolInterface;
use Symfony\Component\Cache\Adapter\AdapterInterface;
use Symfony\Component\Cache\PruneableInterface;
use Symfony\Contracts\Cache\CacheInterface;
use Symfony\Contracts\Cache\ItemInterface;

final class EphpmKvAdapterTest extends SymfonyTestCase
{
    public function testImplementsPsr6AndSymfonyContracts(): void
    {
        $pool = $this->pool();
        self::assertInstanceOf(CacheItemPoolInterface::class, $pool);
        self::assertInstanceOf(AdapterInterface::class, $pool);
        self::assertInstanceOf(CacheInterface::class, $pool);
        self::assertNotInstanceOf(PruneableInterface::class, $pool, 'the store expires items itself');
    }

    /**
     * @return iterable<string, array{mixed}>
     */
    public static function values(): iterable
    {
        yield 'int' => [42];
        yield 'numeric string' => ['42'];
        yield 'float' => [0.5];
        yield 'false' => [false];
        yield 'null' => [null];
        yield 'array' => [['a' => [1, 'b']]];
        yield 'binary' => ["\0\xff"];
    }

    /**
     * @dataProvider values
     */
    public function testValuesKeepTheirType(mixed $value): void
    {
        $pool = $this->pool();
        self::assertTrue($pool->save($pool->getItem('k')->set($value)));
        $item = $this->pool()->getItem('k');
        self::assertTrue($item->isHit());
        self::assertSame($value, $item->get());
    }

    public function testItemsAreStoredUnderTheNamespaceWithTheirTtl(): void
    {
        $pool = $this->pool();
        $pool->save($pool->getItem('k')->set('v')->expiresAfter(60));
        $pool->save($pool->getItem('forever')->set('v'));
        self::assertSame(60, $this->ops->ttl($this->root . 'app:k'));
        self::assertSame(-1, $this->ops->ttl($this->root . 'app:forever'));

        $short = $this->pool('short', 30);
        $short->save($short->getItem('k')->set('v'));
        self::assertSame(30, $this->ops->ttl($this->root . 'short:k'), 'default lifetime');
    }

    public function testItemsExpire(): void
    {
        $pool = $this->pool();
        $pool->save($pool->getItem('k')->set('v')->expiresAfter(1));
        $this->sleep(1.2);
        self::assertFalse($pool->getItem('k')->isHit());
        self::assertFalse($pool->hasItem('k'));
    }

    public function testHasAndDelete(): void
    {
        $pool = $this->pool();
        $pool->save($pool->getItem('a')->set(1));
        $pool->save($pool->getItem('b')->set(2));
        self::assertTrue($pool->hasItem('a'));
        self::assertTrue($pool->deleteItem('a'));
        self::assertFalse($pool->hasItem('a'));
        self::assertTrue($pool->deleteItems(['b', 'never-existed']));
        self::assertFalse($pool->hasItem('b'));
    }

    public function testContractsGetComputesOnceAndDeletes(): void
    {
        $pool = $this->pool();
        $calls = 0;
        $compute = static function (ItemInterface $item) use (&$calls): string {
            ++$calls;
            $item->expiresAfter(60);

            return 'computed';
        };
        self::assertSame('computed', $pool->get('k', $compute));
        self::assertSame('computed', $pool->get('k', $compute));
        self::assertSame(1, $calls);
        self::assertTrue($pool->delete('k'));
        self::assertSame('computed', $pool->get('k', $compute));
        self::assertSame(2, $calls);
    }

    public function testClearOnlyDeletesItsOwnNamespace(): void
    {
        $app = $this->pool('app');
        $other = $this->pool('other');
        $longer = $this->pool('app2');
        $app->save($app->getItem('k')->set('mine'));
        $other->save($other->getItem('k')->set('other pool'));
        $longer->save($longer->getItem('k')->set('namespace app2'));
        $this->ops->set($this->root . 'laravel:cache:k', 'another application');
        $this->ops->set($this->root . 'sessions:abc', 'a session');

        self::assertTrue($app->clear());

        self::assertFalse($this->pool('app')->getItem('k')->isHit());
        self::assertSame('other pool', $other->getItem('k')->get());
        self::assertSame('namespace app2', $longer->getItem('k')->get());
        self::assertSame('another application', $this->ops->get($this->root . 'laravel:cache:k'));
        self::assertSame('a session', $this->ops->get($this->root . 'sessions:abc'));
    }

    public function testClearWithAPrefixArgument(): void
    {
        $pool = $this->pool();
        $pool->save($pool->getItem('user.1')->set(1));
        $pool->save($pool->getItem('user.2')->set(2));
        $pool->save($pool->getItem('post.1')->set(3));
        self::assertTrue($pool->clear('user.'));
        self::assertFalse($pool->hasItem('user.1'));
        self::assertFalse($pool->hasItem('user.2'));
        self::assertTrue($pool->hasItem('post.1'));
    }

    public function testClearWithoutNamespaceIsRefusedAndLogged(): void
    {
        $this->ops->set($this->root . 'someone-else', 'precious');
        $pool = new EphpmKvAdapter('', 0, $this->ops);
        $pool->setLogger($this->logger);
        self::assertFalse($pool->clear());
        self::assertSame('precious', $this->ops->get($this->root . 'someone-else'));
        self::assertStringContainsString('no namespace', $this->logger->messages());
    }

    public function testDoSaveReportsTheIdsItCouldNotStore(): void
    {
        $pool = $this->pool('app', 0, RefusingKvOps::forKeysContaining($this->ops, 'big'));
        $doSave = new \ReflectionMethod(EphpmKvAdapter::class, 'doSave');
        $doSave->setAccessible(true);
        $ns = $this->root . 'app:';

        $values = [$ns . 'small' => 1, $ns . 'big' => 2, $ns . 'closure' => static fn () => 3];
        $failed = $doSave->invoke($pool, $values, 0);

        self::assertEqualsCanonicalizing([$ns . 'big', $ns . 'closure'], $failed);
        self::assertNotNull($this->ops->get($ns . 'small'), 'the storable item was stored');
        self::assertSame([], $doSave->invoke($pool, [$ns . 'a' => 'x'], 0));
    }

    public function testFailedSavesReturnFalseAndAreLogged(): void
    {
        $pool = $this->pool('app', 0, RefusingKvOps::forKeysContaining($this->ops, 'big'));
        self::assertFalse($pool->save($pool->getItem('big')->set('too large')));
        self::assertStringContainsString('Failed to save key "big"', $this->logger->messages());

        $pool->saveDeferred($pool->getItem('ok')->set(1));
        $pool->saveDeferred($pool->getItem('big')->set(2));
        self::assertFalse($pool->commit());
        self::assertTrue($pool->getItem('ok')->isHit(), 'the other deferred item was stored');
        self::assertFalse($pool->getItem('big')->isHit());
    }

    public function testAKeyOverTheStoreLimitIsAFailedSaveAndAMissNotAnError(): void
    {
        // Its own fake with a tiny key limit, so the case is the same whatever the host's is.
        $pool = $this->pool('app', 0, new InMemoryKvOps(new ManualClock(), maxKeyBytes: 64));
        $key = str_repeat('k', 100);
        self::assertFalse($pool->save($pool->getItem($key)->set('v')));
        self::assertFalse($pool->getItem($key)->isHit());
        self::assertFalse($pool->hasItem($key));
        self::assertStringContainsString('rejected a key', $this->logger->messages());
    }

    public function testAPayloadThatCannotBeUnmarshalledIsAMissAndLogged(): void
    {
        $this->ops->set($this->root . 'app:k', 'written by someone else');
        $item = $this->pool()->getItem('k');
        self::assertFalse($item->isHit());
        self::assertStringContainsString('Failed to fetch', $this->logger->messages());
    }

    public function testPoolsWithTheSameNamespaceShareItems(): void
    {
        $a = $this->pool();
        $a->save($a->getItem('k')->set('shared'));
        self::assertSame('shared', $this->pool()->getItem('k')->get());
    }

    public function testWithoutOpsItUsesTheHostFunctions(): void
    {
        if (SapiKvOps::isAvailable()) {
            self::assertTrue(EphpmKvAdapter::isSupported());
            $pool = new EphpmKvAdapter($this->root . 'default-ops');
            self::assertTrue($pool->save($pool->getItem('k')->set('v')));
            self::assertTrue($pool->clear());

            return;
        }
        self::assertFalse(EphpmKvAdapter::isSupported());
        $this->expectException(KvUnavailableException::class);
        new EphpmKvAdapter('app');
    }
}
