<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use Ephpm\Kv\Counter;
use Ephpm\Kv\Exception\IntegerOverflowException;
use Ephpm\Kv\Exception\KvException;
use Ephpm\Kv\Exception\NonIntegerValueException;
use Ephpm\Kv\Exception\WriteRejectedException;
use Ephpm\Kv\Testing\RefusingKvOps;
use Ephpm\Kv\ValueCodec;

final class CounterTest extends KvTestCase
{
    private Counter $counter;
    private ValueCodec $codec;

    protected function setUp(): void
    {
        parent::setUp();
        $this->codec = new ValueCodec();
        $this->counter = new Counter($this->ops, $this->codec);
    }

    public function testIncrementsIntsWrittenThroughTheCodecAndKeepsTheirTtl(): void
    {
        $key = $this->p . 'n';
        $this->ops->set($key, $this->codec->encode(41), 100);
        self::assertSame(42, $this->counter->incrementBy($key, 1));
        self::assertSame(40, $this->counter->decrementBy($key, 2));
        self::assertSame(40, $this->codec->decode((string) $this->ops->get($key)));
        self::assertGreaterThan(0, $this->ops->ttl($key));
    }

    /**
     * @return iterable<string, array{mixed}>
     */
    public static function nonIntegers(): iterable
    {
        yield 'numeric string' => ['5'];
        yield 'float' => [1.5];
        yield 'array' => [[1]];
        yield 'null' => [null];
        yield 'false' => [false];
    }

    /**
     * @dataProvider nonIntegers
     */
    public function testANonIntegerValueRaisesInsteadOfBecomingZero(mixed $value): void
    {
        $key = $this->p . 'n';
        $payload = $this->codec->encode($value);
        $this->ops->set($key, $payload);
        try {
            $this->counter->incrementBy($key, 1);
            self::fail('Expected NonIntegerValueException');
        } catch (NonIntegerValueException $e) {
            self::assertInstanceOf(KvException::class, $e);
            self::assertStringContainsString($key, $e->getMessage());
        }
        self::assertSame($payload, $this->ops->get($key), 'value unchanged');
    }

    public function testOverflowRaisesAndLeavesTheValue(): void
    {
        $key = $this->p . 'n';
        $this->ops->set($key, (string) \PHP_INT_MAX);
        try {
            $this->counter->incrementBy($key, 1);
            self::fail('Expected IntegerOverflowException');
        } catch (IntegerOverflowException) {
        }
        self::assertSame((string) \PHP_INT_MAX, $this->ops->get($key));
    }

    public function testARefusedWriteIsReportedAsSuch(): void
    {
        $counter = new Counter(RefusingKvOps::forKeysContaining($this->ops, 'full'), $this->codec);
        $this->ops->set($this->p . 'full-existing', '5');
        try {
            $counter->incrementBy($this->p . 'full-existing', 1);
            self::fail('Expected WriteRejectedException');
        } catch (WriteRejectedException) {
        }
        self::assertSame('5', $this->ops->get($this->p . 'full-existing'));
        $this->expectException(WriteRejectedException::class);
        $counter->incrementBy($this->p . 'full-missing', 1);
    }

    public function testDecrementingByIntMinIsAnOverflow(): void
    {
        $this->expectException(IntegerOverflowException::class);
        $this->counter->decrementBy($this->p . 'n', \PHP_INT_MIN);
    }

    public function testToDelta(): void
    {
        self::assertSame(3, Counter::toDelta(3));
        self::assertSame(-3, Counter::toDelta('-3'));
        self::assertSame(2, Counter::toDelta(2.0));
        $this->expectException(\InvalidArgumentException::class);
        Counter::toDelta(1.5);
    }

    public function testToDeltaRefusesNonNumericStrings(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        Counter::toDelta('abc');
    }
}
