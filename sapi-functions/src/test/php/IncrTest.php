<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/** incr_by, incr and decr: Redis INCRBY/INCR/DECR. */
final class IncrTest extends KvTestCase
{
    public function testAMissingKeyCountsAsZero(): void
    {
        $this->assertSame(1, ephpm_kv_incr('a'));
        $this->assertSame(-1, ephpm_kv_decr('b'));
        $this->assertSame(42, ephpm_kv_incr_by('c', 42));
        $this->assertSame(-7, ephpm_kv_incr_by('d', -7));
        $this->assertSame(0, ephpm_kv_incr_by('e', 0), 'INCRBY 0 on a missing key creates "0", as in Redis');
        $this->assertSame('0', ephpm_kv_get('e'));
        $this->assertSame(-1, ephpm_kv_ttl('a'), 'created without a TTL');
    }

    public function testTheCounterIsStoredAsItsDecimalString(): void
    {
        ephpm_kv_incr_by('n', 41);
        $this->assertSame(42, ephpm_kv_incr('n'));
        $this->assertSame('42', ephpm_kv_get('n'));
        $this->assertSame(-58, ephpm_kv_incr_by('n', -100));
        $this->assertSame('-58', ephpm_kv_get('n'));
        $this->assertSame(-59, ephpm_kv_decr('n'));
    }

    public function testAValueWrittenBySetIsCounted(): void
    {
        ephpm_kv_set('n', '100');
        $this->assertSame(101, ephpm_kv_incr('n'));
        ephpm_kv_set('n', '-9');
        $this->assertSame(-10, ephpm_kv_decr('n'));
    }

    /**
     * Values Redis refuses with "value is not an integer or out of range".
     *
     * @return array<string, array{string}>
     */
    public function notIntegers(): array
    {
        return [
            'empty' => [''],
            'word' => ['abc'],
            'leading space' => [' 1'],
            'trailing space' => ['1 '],
            'trailing newline' => ["1\n"],
            'plus sign' => ['+1'],
            'leading zero' => ['01'],
            'minus zero' => ['-0'],
            'minus only' => ['-'],
            'double minus' => ['--1'],
            'decimal point' => ['1.0'],
            'exponent' => ['1e3'],
            'hex' => ['0x10'],
            'trailing NUL' => ["1\0"],
            'Arabic-Indic digit' => ["\u{0661}"],
            'fullwidth digit' => ["\u{FF11}"],
            'above PHP_INT_MAX' => ['9223372036854775808'],
            'below PHP_INT_MIN' => ['-9223372036854775809'],
            'twenty digits' => ['10000000000000000000'],
        ];
    }

    /** @dataProvider notIntegers */
    public function testANonIntegerValueIsFalseAndUnchanged(string $value): void
    {
        ephpm_kv_set('k', $value, 50);
        $this->assertFalse(ephpm_kv_incr('k'));
        $this->assertFalse(ephpm_kv_decr('k'));
        $this->assertFalse(ephpm_kv_incr_by('k', 0));
        $this->assertFalse(ephpm_kv_incr_by('k', 10));
        $this->assertSame($value, ephpm_kv_get('k'));
        $this->assertSame(50, ephpm_kv_ttl('k'));
    }

    /** @return array<string, array{string, int, int}> */
    public function edges(): array
    {
        return [
            'zero' => ['0', 0, 0],
            'to zero' => ['-1', 1, 0],
            'PHP_INT_MAX + 0' => ['9223372036854775807', 0, PHP_INT_MAX],
            'PHP_INT_MIN + 0' => ['-9223372036854775808', 0, PHP_INT_MIN],
            'up to PHP_INT_MAX' => ['9223372036854775806', 1, PHP_INT_MAX],
            'down to PHP_INT_MIN' => ['-9223372036854775807', -1, PHP_INT_MIN],
            'PHP_INT_MIN + PHP_INT_MAX' => ['-9223372036854775808', PHP_INT_MAX, -1],
            '0 + PHP_INT_MIN' => ['0', PHP_INT_MIN, PHP_INT_MIN],
        ];
    }

    /** @dataProvider edges */
    public function testTheWholeSigned64BitRangeWorks(string $start, int $delta, int $expected): void
    {
        ephpm_kv_set('k', $start);
        $this->assertSame($expected, ephpm_kv_incr_by('k', $delta));
        $this->assertSame((string) $expected, ephpm_kv_get('k'));
    }

    /** @return array<string, array{string, int}> */
    public function overflows(): array
    {
        return [
            'PHP_INT_MAX + 1' => ['9223372036854775807', 1],
            'PHP_INT_MIN - 1' => ['-9223372036854775808', -1],
            '1 + PHP_INT_MAX' => ['1', PHP_INT_MAX],
            '-2 + PHP_INT_MIN' => ['-2', PHP_INT_MIN],
            'PHP_INT_MIN + PHP_INT_MIN' => ['-9223372036854775808', PHP_INT_MIN],
        ];
    }

    /** @dataProvider overflows */
    public function testOverflowIsFalseAndUnchanged(string $start, int $delta): void
    {
        ephpm_kv_set('k', $start, 30);
        $this->assertFalse(ephpm_kv_incr_by('k', $delta));
        $this->assertSame($start, ephpm_kv_get('k'));
        $this->assertSame(30, ephpm_kv_ttl('k'));
    }

    public function testIncrAndDecrOverflowToo(): void
    {
        ephpm_kv_set('max', (string) PHP_INT_MAX);
        ephpm_kv_set('min', (string) PHP_INT_MIN);
        $this->assertFalse(ephpm_kv_incr('max'));
        $this->assertFalse(ephpm_kv_decr('min'));
        $this->assertSame(PHP_INT_MAX - 1, ephpm_kv_decr('max'));
        $this->assertSame(PHP_INT_MIN + 1, ephpm_kv_incr('min'));
    }

    public function testAThousandIncrementsCountToAThousand(): void
    {
        for ($i = 1; $i <= 1000; $i++) {
            $this->assertSame($i, ephpm_kv_incr('hits'));
        }
        $this->assertSame('1000', ephpm_kv_get('hits'));
    }

    public function testABinaryKeyWorksAsACounter(): void
    {
        $key = "counter\0\xff";
        $this->assertSame(3, ephpm_kv_incr_by($key, 3));
        $this->assertNull(ephpm_kv_get('counter'));
        $this->assertSame('3', ephpm_kv_get($key));
    }
}
