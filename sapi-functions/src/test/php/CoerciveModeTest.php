<?php

// No declare(strict_types=1) here: every call in this file is in PHP's default, coercive mode.

namespace Ephpm\Kv\Tests;

/**
 * Without strict_types, arguments are coerced exactly as for PHP's own internal functions. Each input goes to an
 * ephpm_kv_* parameter and to a parameter of the same type of a PHP function that returns what it was given
 * (str_pad($s, 0) for string, intdiv($i, 1) for int, array_sum for array); both must accept it with the same result,
 * or reject it with the same exception class and message (names of function and parameter aside).
 */
final class CoerciveModeTest extends KvTestCase
{
    /** @return array<string, array{mixed}> */
    public function forStringParameters(): array
    {
        return [
            'string' => ['text'],
            'empty string' => [''],
            'int' => [42],
            'negative int' => [-7],
            'float' => [1.5],
            'whole float' => [2.0],
            'big float' => [1e20],
            'NAN' => [NAN],
            'true' => [true],
            'false' => [false],
            'null (deprecated)' => [null],
            'Stringable object' => [new \SplFileInfo('/tmp/file')],
            'plain object' => [new \stdClass()],
            'array' => [['a']],
        ];
    }

    /** @dataProvider forStringParameters */
    public function testAValueIsCoercedAsPhpCoercesStrings(mixed $input): void
    {
        $ours = self::outcome(static function () use ($input) {
            ephpm_kv_set('k', $input);
            return ephpm_kv_get('k');
        });
        $php = self::outcome(static fn () => str_pad($input, 0));
        $this->assertSame($php, $ours);
    }

    /** @dataProvider forStringParameters */
    public function testAnExpectedValueIsCoercedAsPhpCoercesStrings(mixed $input): void
    {
        ephpm_kv_set('k', is_scalar($input) ? (string) $input : 'other');
        $php = self::outcome(static fn () => str_pad($input, 0) === ephpm_kv_get('k') ? 'deleted' : 'kept');
        $ours = self::outcome(static fn () => ephpm_kv_del_if('k', $input) ? 'deleted' : 'kept');
        $this->assertSame($php, $ours);
    }

    public function testKeysAreCoercedToo(): void
    {
        $this->assertTrue(ephpm_kv_set(123, 'int'));
        $this->assertSame('int', ephpm_kv_get('123'));
        $this->assertTrue(ephpm_kv_set(1.5, 'float'));
        $this->assertSame('float', ephpm_kv_get('1.5'));
        $this->assertTrue(ephpm_kv_set(true, 'true'));
        $this->assertSame('true', ephpm_kv_get('1'));
        $this->assertTrue(ephpm_kv_set(new \SplFileInfo('/tmp/f'), 'object'));
        $this->assertSame('object', ephpm_kv_get('/tmp/f'));
        $this->assertSame(1, ephpm_kv_incr(7));
        $this->assertSame('1', ephpm_kv_get('7'));
    }

    public function testAKeyThatCoercesToEmptyIsAValueError(): void
    {
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage('ephpm_kv_set(): Argument #1 ($key) must not be empty');
        ephpm_kv_set(false, 'v');
    }

    public function testANullKeyIsDeprecatedAsForEveryInternalFunctionThenEmpty(): void
    {
        $deprecations = [];
        set_error_handler(static function (int $level, string $message) use (&$deprecations): bool {
            $deprecations[] = $message;
            return true;
        }, E_DEPRECATED);
        try {
            ephpm_kv_get(null);
            $this->fail('null became "", which is not a key');
        } catch (\ValueError $e) {
            $this->assertSame('ephpm_kv_get(): Argument #1 ($key) must not be empty', $e->getMessage());
        } finally {
            restore_error_handler();
        }
        $this->assertSame(
            ['ephpm_kv_get(): Passing null to parameter #1 ($key) of type string is deprecated'],
            $deprecations
        );
    }

    /** @return array<string, array{mixed}> */
    public function forIntParameters(): array
    {
        return [
            'int' => [5],
            'negative int' => [-5],
            'numeric string' => ['5'],
            'leading space' => [' 5'],
            'trailing space' => ['5 '],
            'float string' => ['5.0'],
            'fractional float string (deprecated)' => ['5.5'],
            'exponent string' => ['1e3'],
            'leading-numeric string' => ['5 apples'],
            'non-numeric string' => ['five'],
            'empty string' => [''],
            'whole float' => [5.0],
            'fractional float (deprecated)' => [5.5],
            'float beyond int' => [1e20],
            'NAN' => [NAN],
            'INF' => [INF],
            'true' => [true],
            'false' => [false],
            'null (deprecated)' => [null],
            'array' => [[5]],
            'object' => [new \stdClass()],
        ];
    }

    /** @dataProvider forIntParameters */
    public function testADeltaIsCoercedAsPhpCoercesInts(mixed $input): void
    {
        $ours = self::outcome(static fn () => ephpm_kv_incr_by('counter', $input));
        $php = self::outcome(static fn () => intdiv($input, 1));
        $this->assertSame($php, $ours);
    }

    /** @dataProvider forIntParameters */
    public function testATtlIsCoercedAsPhpCoercesInts(mixed $input): void
    {
        $ours = self::outcome(static function () use ($input) {
            ephpm_kv_set('k', 'v', $input);
            return max(ephpm_kv_ttl('k'), 0); // non-positive TTLs mean "none" (-1)
        });
        $php = self::outcome(static fn () => max(intdiv($input, 1), 0));
        $this->assertSame($php, $ours);
    }

    /** @return array<string, array{mixed}> */
    public function forArrayParameters(): array
    {
        return [
            'string' => ['a'],
            'int' => [1],
            'null' => [null],
            'object' => [new \ArrayObject(['a'])],
        ];
    }

    /** @dataProvider forArrayParameters */
    public function testNothingIsCoercedToAnArray(mixed $input): void
    {
        $ours = self::outcome(static fn () => ephpm_kv_mget($input));
        $this->assertStringStartsWith('TypeError: ', $ours);
        $this->assertSame(self::outcome(static fn () => array_sum($input)), $ours);
    }

    public function testMgetTakesIntKeysAsInStrictMode(): void
    {
        ephpm_kv_set('1', 'one');
        $this->assertSame([1 => 'one', 'x' => null], ephpm_kv_mget([1, 'x']));
    }

    public function testMgetRejectsFloatKeysAsInStrictMode(): void
    {
        // PHP would coerce a float argument to string here; an element of an array argument is not an argument.
        $this->expectException(\TypeError::class);
        $this->expectExceptionMessage('ephpm_kv_mget(): Argument #1 ($keys) must contain only strings or ints, float given');
        ephpm_kv_mget([1.5]);
    }

    /** "accepted: <result>", or "<exception class>: <message>" with function and parameter names taken out. */
    private static function outcome(\Closure $call): string
    {
        try {
            return 'accepted: ' . var_export($call(), true);
        } catch (\Throwable $e) {
            return get_class($e) . ': ' . preg_replace(
                ['/\b[a-z_]+\(\): /', '/#\d+ \(\$[a-z_0-9]+\)/'],
                ['', '#n ($parameter)'],
                $e->getMessage()
            );
        }
    }
}
