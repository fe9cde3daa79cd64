<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use Ephpm\Kv\Exception\CorruptValueException;
use Ephpm\Kv\Exception\KvException;
use Ephpm\Kv\ValueCodec;
use PHPUnit\Framework\TestCase;

final class ValueCodecTest extends TestCase
{
    /**
     * @return iterable<string, array{mixed}>
     */
    public static function values(): iterable
    {
        yield 'int' => [42];
        yield 'zero' => [0];
        yield 'negative int' => [-7];
        yield 'int max' => [\PHP_INT_MAX];
        yield 'int min' => [\PHP_INT_MIN];
        yield 'numeric string' => ['42'];
        yield 'negative numeric string' => ['-7'];
        yield 'leading-zero string' => ['007'];
        yield 'empty string' => [''];
        yield 'binary string' => ["\0\xff\x00abc"];
        yield 'serialize-looking string' => ['i:5;'];
        yield 'float' => [1.5];
        yield 'whole float' => [1.0];
        yield 'negative float' => [-0.25];
        yield 'infinity' => [\INF];
        yield 'true' => [true];
        yield 'false' => [false];
        yield 'null' => [null];
        yield 'list' => [[1, '2', 3.0, null]];
        yield 'map' => [['a' => ['b' => false]]];
        yield 'object' => [(object) ['x' => 1]];
        yield 'datetime' => [new \DateTimeImmutable('2024-02-29 12:00:00', new \DateTimeZone('UTC'))];
    }

    /**
     * @dataProvider values
     */
    public function testValuesRoundTripWithTheirType(mixed $value): void
    {
        $codec = new ValueCodec();
        $decoded = $codec->decode($codec->encode($value));
        if (\is_object($value)) {
            self::assertEquals($value, $decoded);
            self::assertSame($value::class, $decoded::class);
        } else {
            self::assertSame($value, $decoded);
        }
    }

    public function testNanRoundTrips(): void
    {
        $codec = new ValueCodec();
        self::assertNan($codec->decode($codec->encode(\NAN)));
    }

    public function testIntsAreStoredAsPlainDecimalSoTheHostCanIncrementThem(): void
    {
        $codec = new ValueCodec();
        self::assertSame('42', $codec->encode(42));
        self::assertSame('-9223372036854775808', $codec->encode(\PHP_INT_MIN));
        self::assertSame('s:2:"42";', $codec->encode('42'));
        self::assertSame('d:1;', $codec->encode(1.0));
        self::assertSame(43, $codec->decode('43'), 'what the host writes back after INCRBY');
    }

    /**
     * @return iterable<string, array{string}>
     */
    public static function corruptPayloads(): iterable
    {
        yield 'raw word' => ['hello'];
        yield 'empty' => [''];
        yield 'leading-zero number' => ['007'];
        yield 'out-of-range number' => ['9223372036854775808'];
        yield 'truncated serialize' => ['s:10:"abc";'];
        yield 'plus number' => ['+1'];
    }

    /**
     * @dataProvider corruptPayloads
     */
    public function testPayloadsNotWrittenByTheCodecAreReported(string $payload): void
    {
        try {
            (new ValueCodec())->decode($payload);
            self::fail('Expected a CorruptValueException');
        } catch (CorruptValueException $e) {
            self::assertInstanceOf(KvException::class, $e);
            self::assertStringContainsString('ValueCodec', $e->getMessage());
        }
    }

    public function testAllowedClassesLimitWhatUnserializeInstantiates(): void
    {
        $payload = (new ValueCodec())->encode(new \ArrayObject([1]));
        self::assertInstanceOf(\__PHP_Incomplete_Class::class, (new ValueCodec(false))->decode($payload));
        self::assertInstanceOf(\ArrayObject::class, (new ValueCodec([\ArrayObject::class]))->decode($payload));
    }

    public function testClosuresCannotBeEncoded(): void
    {
        $this->expectException(\Exception::class);
        (new ValueCodec())->encode(static fn () => 1);
    }

    /**
     * @return iterable<string, array{string, bool}>
     */
    public static function integerStrings(): iterable
    {
        yield ['0', true];
        yield ['7', true];
        yield ['-7', true];
        yield ['9223372036854775807', true];
        yield ['-9223372036854775808', true];
        yield ['9223372036854775808', false];
        yield ['-9223372036854775809', false];
        yield ['10000000000000000000', false];
        yield ['-0', false];
        yield ['00', false];
        yield ['+7', false];
        yield ['7 ', false];
        yield ["7\n", false];
        yield ['', false];
        yield ['1.0', false];
    }

    /**
     * @dataProvider integerStrings
     */
    public function testCanonicalIntegerDetectionMatchesRedis(string $value, bool $expected): void
    {
        self::assertSame($expected, ValueCodec::isCanonicalInteger($value));
    }

    public function testDescribe(): void
    {
        $codec = new ValueCodec();
        self::assertSame('the integer 5', $codec->describe('5'));
        self::assertSame('a PHP string ("5")', $codec->describe($codec->encode('5')));
        self::assertSame('a value of PHP type float', $codec->describe($codec->encode(1.5)));
        self::assertSame('a raw value that was not written by ValueCodec', $codec->describe('hello'));
    }
}
