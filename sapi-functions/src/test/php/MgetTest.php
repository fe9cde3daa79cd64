<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/** mget: several keys in one call. */
final class MgetTest extends KvTestCase
{
    public function testValuesAndNullsInTheOrderAsked(): void
    {
        ephpm_kv_set('a', 'A');
        ephpm_kv_set('c', 'C');
        ephpm_kv_set('empty', '');
        $this->assertSame(
            ['c' => 'C', 'missing' => null, 'a' => 'A', 'empty' => ''],
            ephpm_kv_mget(['c', 'missing', 'a', 'empty'])
        );
    }

    public function testNoKeysGiveAnEmptyArray(): void
    {
        $this->assertSame([], ephpm_kv_mget([]));
    }

    public function testTheArrayKeysOfTheArgumentAreIgnored(): void
    {
        ephpm_kv_set('a', 'A');
        $this->assertSame(['a' => 'A', 'b' => null], ephpm_kv_mget(['x' => 'a', 7 => 'b']));
    }

    public function testAKeyListedTwiceAppearsOnce(): void
    {
        ephpm_kv_set('a', 'A');
        $this->assertSame(['a' => 'A', 'b' => null], ephpm_kv_mget(['a', 'b', 'a', 'b']));
    }

    public function testExpiredKeysAreNull(): void
    {
        ephpm_kv_set('short', 's', 1);
        ephpm_kv_set('long', 'l', 10);
        self::advance(1000);
        $this->assertSame(['short' => null, 'long' => 'l'], ephpm_kv_mget(['short', 'long']));
    }

    public function testBinaryKeysComeBackAsTheyWent(): void
    {
        $keys = ["\0", "a\0b", "\xff\xfe", "\xc3\x28", 'plain', "\u{1F600}"];
        foreach ($keys as $i => $key) {
            ephpm_kv_set($key, "value $i\0");
        }
        $result = ephpm_kv_mget($keys);
        $this->assertSame($keys, array_keys($result));
        foreach ($keys as $i => $key) {
            $this->assertSame("value $i\0", $result[$key]);
        }
    }

    /**
     * Int elements are taken as their decimal string, also under strict_types (this file declares it): PHP turns
     * numeric-string array keys into ints, so key lists built with array_keys() hold ints. The result's keys follow
     * PHP's array rules in turn: "42" is the int key 42, "042" stays a string.
     */
    public function testIntKeysAreTheirDecimalString(): void
    {
        ephpm_kv_set('42', 'forty-two');
        ephpm_kv_set('-1', 'minus one');
        ephpm_kv_set('042', 'octal-looking');
        $cache = ['42' => true, '-1' => true];
        $this->assertSame([42, -1], array_keys($cache), 'PHP made them ints');

        $result = ephpm_kv_mget(array_keys($cache));
        $this->assertSame([42 => 'forty-two', -1 => 'minus one'], $result);

        $result = ephpm_kv_mget(['42', '042', 42, PHP_INT_MAX]);
        $this->assertSame([42 => 'forty-two', '042' => 'octal-looking', PHP_INT_MAX => null], $result);
        $this->assertSame([42, '042', PHP_INT_MAX], array_keys($result));
    }

    /** @return array<string, array{mixed, string}> */
    public function nonStringElements(): array
    {
        return [
            'null' => [null, 'null'],
            'float' => [1.5, 'float'],
            'bool' => [true, 'bool'],
            'array' => [['a'], 'array'],
            'object' => [new \stdClass(), 'stdClass'],
            'Stringable object' => [new \SplFileInfo('k'), 'SplFileInfo'],
        ];
    }

    /** @dataProvider nonStringElements */
    public function testOtherElementTypesAreATypeError(mixed $element, string $typeName): void
    {
        ephpm_kv_set('a', 'A');
        $this->expectException(\TypeError::class);
        $this->expectExceptionMessage("ephpm_kv_mget(): Argument #1 (\$keys) must contain only strings or ints, $typeName given");
        ephpm_kv_mget(['a', $element]);
    }

    public function testAnEmptyKeyIsAValueError(): void
    {
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage('ephpm_kv_mget(): Argument #1 ($keys) must contain only non-empty keys');
        ephpm_kv_mget(['a', '']);
    }

    public function testAKeyOverTheMaximumIsAValueError(): void
    {
        ephpm_test_kv_reset(max_key_size: 8);
        ephpm_kv_mget(['12345678']);
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage(
            'ephpm_kv_mget(): Argument #1 ($keys) must contain only keys of at most 8 bytes, was 9'
        );
        ephpm_kv_mget(['a', '123456789']);
    }

    public function testAFailedCallCountsNoLookup(): void
    {
        try {
            ephpm_kv_mget(['a', 'b', '']);
            $this->fail('expected a ValueError');
        } catch (\ValueError $expected) {
        }
        $stats = ephpm_kv_stats();
        $this->assertSame(0, $stats['hits'] + $stats['misses']);
    }

    public function testEachKeyCountsAHitOrAMiss(): void
    {
        ephpm_kv_set('a', 'A');
        ephpm_kv_set('b', 'B');
        ephpm_kv_mget(['a', 'b', 'x', 'a']);
        $stats = ephpm_kv_stats();
        $this->assertSame(3, $stats['hits']);
        $this->assertSame(1, $stats['misses']);
    }

    public function testAThousandKeysInOneCall(): void
    {
        $keys = [];
        for ($i = 0; $i < 1000; $i++) {
            $keys[] = "key:$i";
            if ($i % 3 !== 0) {
                ephpm_kv_set("key:$i", str_repeat('v', $i));
            }
        }
        $result = ephpm_kv_mget($keys);
        $this->assertCount(1000, $result);
        foreach ($keys as $i => $key) {
            $this->assertSame($i % 3 === 0 ? null : str_repeat('v', $i), $result[$key]);
        }
    }
}
