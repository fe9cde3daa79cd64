<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel\Tests;

use Ephpm\Cache\Laravel\EphpmStore;
use Ephpm\Cache\Laravel\InMemoryKvOps;
use Ephpm\Cache\Laravel\KvOpsInterface;
use Ephpm\Cache\Laravel\SapiKvOps;
use Ephpm\Kv\Exception\CorruptValueException;
use Ephpm\Kv\Exception\IntegerOverflowException;
use Ephpm\Kv\Exception\NonIntegerValueException;
use Ephpm\Kv\Testing\RefusingKvOps;
use Ephpm\Kv\Testing\TestKv;
use Illuminate\Cache\TaggableStore;
use Illuminate\Contracts\Cache\LockProvider;
use Illuminate\Contracts\Cache\Store;
use PHPUnit\Framework\TestCase;

/**
 * The store on its own, without a Laravel application around it.
 */
final class EphpmStoreTest extends TestCase
{
    private KvOpsInterface $ops;
    private string $root;
    private EphpmStore $store;

    protected function setUp(): void
    {
        $ops = TestKv::create(InMemoryKvOps::class, SapiKvOps::class);
        \assert($ops instanceof KvOpsInterface);
        $this->ops = $ops;
        $this->root = rtrim(TestKv::uniquePrefix('lvstore'), ':');
        $this->store = new EphpmStore($this->ops, $this->root . ':app');
    }

    protected function tearDown(): void
    {
        $this->ops->delPrefix($this->root . ':');
    }

    public function testImplementsTheLaravelContracts(): void
    {
        self::assertInstanceOf(Store::class, $this->store);
        self::assertInstanceOf(LockProvider::class, $this->store);
        self::assertInstanceOf(TaggableStore::class, $this->store);
        self::assertSame($this->root . ':app:', $this->store->getPrefix());
    }

    /**
     * @return iterable<string, array{mixed}>
     */
    public static function values(): iterable
    {
        yield 'int' => [42];
        yield 'negative int' => [-1];
        yield 'numeric string' => ['42'];
        yield 'string' => ['hello'];
        yield 'empty string' => [''];
        yield 'float' => [4.5];
        yield 'true' => [true];
        yield 'false' => [false];
        yield 'array' => [['a' => [1, 2.5, 'x', null]]];
    }

    /**
     * @dataProvider values
     */
    public function testValuesKeepTheirPhpType(mixed $value): void
    {
        self::assertTrue($this->store->put('k', $value, 60));
        self::assertSame($value, $this->store->get('k'));
    }

    public function testObjectsRoundTrip(): void
    {
        $value = new \ArrayObject(['a' => 1]);
        $this->store->forever('o', $value);
        self::assertEquals($value, $this->store->get('o'));
    }

    public function testKeysAreStoredUnderThePrefixAndIntsAsPlainDecimal(): void
    {
        $this->store->put('n', 7, 60);
        $this->store->put('s', '7', 60);
        self::assertSame('7', $this->ops->get($this->root . ':app:n'));
        self::assertSame('s:1:"7";', $this->ops->get($this->root . ':app:s'));
    }

    public function testGetOfAMissingKeyIsNull(): void
    {
        self::assertNull($this->store->get('missing'));
    }

    public function testPutSetsTheTtlAndForeverHasNone(): void
    {
        $this->store->put('k', 'v', 60);
        self::assertSame(60, $this->store->ttl('k'));
        $this->store->forever('k', 'v');
        self::assertSame(-1, $this->store->ttl('k'));
        self::assertSame(-2, $this->store->ttl('missing'));
    }

    public function testANonPositiveTtlNeverMeansForever(): void
    {
        $this->store->put('k', 'v', 0);
        self::assertSame(1, $this->store->ttl('k'));
    }

    public function testItemsExpire(): void
    {
        $this->store->put('k', 'v', 1);
        TestKv::sleep($this->ops, 1.2);
        self::assertNull($this->store->get('k'));
    }

    public function testPutReturnsFalseWhenTheValueCannotBeStored(): void
    {
        self::assertTrue($this->store->put('big', 'old', 60));
        $refusing = new EphpmStore(RefusingKvOps::forKeysContaining($this->ops, 'big'), $this->root . ':app');
        self::assertFalse($refusing->put('big', 'new', 60));
        self::assertFalse($refusing->forever('big', 'new'));
        self::assertFalse($refusing->add('big-other', 'new', 60));
        self::assertSame('old', $refusing->get('big'), 'previous value kept');
        self::assertFalse($refusing->putMany(['ok' => 1, 'big' => 2], 60));
        self::assertSame(1, $refusing->get('ok'), 'the other keys are still written');
    }

    public function testManyAndPutMany(): void
    {
        self::assertTrue($this->store->putMany(['a' => 1, 'b' => 'two', '3' => [3]], 60));
        self::assertSame(
            ['a' => 1, 'missing' => null, 'b' => 'two', '3' => [3]],
            $this->store->many(['a', 'missing', 'b', '3']),
        );
        self::assertSame([], $this->store->many([]));
        self::assertSame(60, $this->store->ttl('b'));
    }

    public function testAddIsSetIfAbsent(): void
    {
        self::assertTrue($this->store->add('k', 'first', 60));
        self::assertFalse($this->store->add('k', 'second', 60));
        self::assertSame('first', $this->store->get('k'));
        self::assertTrue($this->store->add('forever', 'v', 0));
        self::assertSame(-1, $this->store->ttl('forever'));
    }

    public function testIncrementWorksOnIntsWrittenByPutAndKeepsTheTtl(): void
    {
        $this->store->put('n', 10, 60);
        self::assertSame(11, $this->store->increment('n'));
        self::assertSame(16, $this->store->increment('n', 5));
        self::assertSame(14, $this->store->decrement('n', 2));
        self::assertSame(13, $this->store->decrement('n'));
        self::assertSame(13, $this->store->get('n'));
        $ttl = $this->store->ttl('n');
        self::assertGreaterThanOrEqual(59, $ttl);
        self::assertLessThanOrEqual(60, $ttl);
    }

    public function testIncrementOfAMissingKeyStartsAtZero(): void
    {
        self::assertSame(3, $this->store->increment('n', 3));
        self::assertSame(-2, $this->store->decrement('m', 2));
        self::assertSame(-1, $this->store->ttl('n'));
    }

    public function testIncrementAcceptsWholeNumberAmounts(): void
    {
        self::assertSame(5, $this->store->increment('n', '5'));
        self::assertSame(7, $this->store->increment('n', 2.0));
        $this->expectException(\InvalidArgumentException::class);
        $this->store->increment('n', 1.5);
    }

    /**
     * @return iterable<string, array{mixed}>
     */
    public static function nonIntegers(): iterable
    {
        yield 'numeric string' => ['5'];
        yield 'float' => [5.0];
        yield 'string' => ['abc'];
        yield 'array' => [[5]];
        yield 'bool' => [true];
    }

    /**
     * @dataProvider nonIntegers
     */
    public function testIncrementOfANonIntegerRaisesAndNeverResetsToZero(mixed $value): void
    {
        $this->store->put('k', $value, 60);
        try {
            $this->store->increment('k');
            self::fail('Expected NonIntegerValueException');
        } catch (NonIntegerValueException) {
        }
        self::assertSame($value, $this->store->get('k'));
    }

    public function testIncrementOverflowRaises(): void
    {
        $this->store->put('n', \PHP_INT_MAX, 60);
        $this->expectException(IntegerOverflowException::class);
        $this->store->increment('n');
    }

    public function testForgetReportsWhetherTheItemExisted(): void
    {
        $this->store->put('k', 'v', 60);
        self::assertTrue($this->store->forget('k'));
        self::assertFalse($this->store->forget('k'));
        self::assertNull($this->store->get('k'));
    }

    public function testTouchSetsANewTtl(): void
    {
        $this->store->forever('k', 'v');
        self::assertTrue($this->store->touch('k', 30));
        self::assertSame(30, $this->store->ttl('k'));
        self::assertFalse($this->store->touch('missing', 30));
    }

    public function testFlushOnlyDeletesThisStoresKeys(): void
    {
        $other = new EphpmStore($this->ops, $this->root . ':app2');
        $similar = new EphpmStore($this->ops, $this->root . ':ap');
        $this->store->put('k', 'mine', 60);
        $this->store->forever('f', 'mine');
        $other->put('k', 'other app', 60);
        $similar->put('p:k', 'prefix "ap" + key "p:k"', 60);
        $this->ops->set($this->root . ':session:abc', 'raw session');
        $this->ops->set($this->root . ':app', 'a raw key equal to the prefix name');

        self::assertTrue($this->store->flush());

        self::assertNull($this->store->get('k'));
        self::assertNull($this->store->get('f'));
        self::assertSame('other app', $other->get('k'));
        self::assertSame('prefix "ap" + key "p:k"', $similar->get('p:k'));
        self::assertSame('raw session', $this->ops->get($this->root . ':session:abc'));
        self::assertSame('a raw key equal to the prefix name', $this->ops->get($this->root . ':app'));
    }

    public function testFlushWithoutPrefixIsRefused(): void
    {
        $store = new EphpmStore($this->ops, '');
        self::assertSame('', $store->getPrefix());
        $this->expectException(\LogicException::class);
        $this->expectExceptionMessage('other applications');
        $store->flush();
    }

    public function testARawValueUnderThePrefixIsReportedNotMisread(): void
    {
        $this->ops->set($this->root . ':app:raw', 'not written by the store');
        $this->expectException(CorruptValueException::class);
        $this->store->get('raw');
    }
}
