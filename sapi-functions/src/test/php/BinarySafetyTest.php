<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/** Keys and values are bytes: NUL, invalid UTF-8 and every byte value go in and come out unchanged. */
final class BinarySafetyTest extends KvTestCase
{
    private static function allBytes(): string
    {
        return implode('', array_map('chr', range(0, 255)));
    }

    public function testAValueOfAll256ByteValues(): void
    {
        $value = self::allBytes() . strrev(self::allBytes());
        $this->assertSame(512, strlen($value));
        $this->assertTrue(ephpm_kv_set('bytes', $value));
        $this->assertSame($value, ephpm_kv_get('bytes'));
        $this->assertSame(['bytes' => $value], ephpm_kv_mget(['bytes']));
        $this->assertFalse(ephpm_kv_del_if('bytes', substr($value, 0, 511)));
        $this->assertTrue(ephpm_kv_del_if('bytes', $value));
    }

    public function testAKeyOfAll256ByteValues(): void
    {
        $key = self::allBytes();
        $this->assertTrue(ephpm_kv_set($key, 'v', 10));
        $this->assertSame('v', ephpm_kv_get($key));
        $this->assertSame(10, ephpm_kv_ttl($key));
        $this->assertNull(ephpm_kv_get(substr($key, 1)), 'without the leading NUL it is another key');
        $this->assertNull(ephpm_kv_get(substr($key, 0, 255)));
        $this->assertSame(1, ephpm_kv_del($key));
    }

    public function testEverySingleByteIsItsOwnKey(): void
    {
        $keys = str_split(self::allBytes());
        foreach ($keys as $key) {
            $this->assertTrue(ephpm_kv_set($key, 'value of ' . bin2hex($key)));
        }
        $this->assertSame(256, self::settledStats()['entries']);
        $result = ephpm_kv_mget($keys);
        $this->assertCount(256, $result);
        foreach ($keys as $key) {
            $this->assertSame('value of ' . bin2hex($key), ephpm_kv_get($key));
        }
        // PHP makes the keys "0".."9" ints in the returned array; the values are still the right ones.
        foreach ($result as $key => $value) {
            $this->assertSame('value of ' . bin2hex((string) $key), $value);
        }
    }

    /** @return array<string, array{string}> */
    public function binaryStrings(): array
    {
        return [
            'NUL' => ["\0"],
            'two NULs' => ["\0\0"],
            'NUL inside' => ["a\0b"],
            'trailing NUL' => ["abc\0"],
            'lone continuation byte' => ["\x80"],
            'invalid sequence' => ["\xc3\x28"],
            'overlong slash' => ["\xc0\xaf"],
            'UTF-16 surrogate' => ["\xed\xa0\x80"],
            'beyond U+10FFFF' => ["\xf4\x90\x80\x80"],
            'byte order marks' => ["\xff\xfe\xfe\xff"],
            'Latin-1 text' => ["caf\xe9"],
            'emoji' => ["\u{1F418}"],
            'CRLF' => ["line\r\n"],
        ];
    }

    /** @dataProvider binaryStrings */
    public function testBinaryKeysAndValuesRoundTrip(string $bytes): void
    {
        $this->assertTrue(ephpm_kv_set($bytes, $bytes));
        $this->assertSame($bytes, ephpm_kv_get($bytes));
        $this->assertTrue(ephpm_kv_exists($bytes));
        $this->assertSame([$bytes => $bytes], ephpm_kv_mget([$bytes]));
        $this->assertFalse(ephpm_kv_add($bytes, 'other'));
        $this->assertTrue(ephpm_kv_expire($bytes, 5));
        $this->assertSame(5000, ephpm_kv_pttl($bytes));
        $this->assertSame(1, ephpm_kv_del_prefix($bytes));
        $this->assertFalse(ephpm_kv_exists($bytes));
    }

    public function testKeysDifferingOnlyAroundNulAreDistinct(): void
    {
        $keys = ['a', "a\0", "a\0b", "a\0c", "\0a", 'ab'];
        foreach ($keys as $i => $key) {
            ephpm_kv_set($key, (string) $i);
        }
        foreach ($keys as $i => $key) {
            $this->assertSame((string) $i, ephpm_kv_get($key), bin2hex($key));
        }
        $this->assertSame(3, ephpm_kv_del_prefix("a\0"));
        $this->assertSame('0', ephpm_kv_get('a'));
        $this->assertSame('5', ephpm_kv_get('ab'));
    }

    public function testKeysAreComparedAsBytesNotAsText(): void
    {
        ephpm_kv_set('Key', 'upper');
        ephpm_kv_set('key', 'lower');
        ephpm_kv_set("\u{00E9}", 'precomposed');      // é as one code point
        ephpm_kv_set("e\u{0301}", 'decomposed');      // e + combining acute: looks the same, other bytes
        $this->assertSame('upper', ephpm_kv_get('Key'));
        $this->assertSame('lower', ephpm_kv_get('key'));
        $this->assertSame('precomposed', ephpm_kv_get("\u{00E9}"));
        $this->assertSame('decomposed', ephpm_kv_get("e\u{0301}"));
    }

    public function testRandomBinaryValuesOfManySizes(): void
    {
        foreach ([1, 2, 3, 7, 255, 256, 4095, 4096, 65535, 65536, 65537, 262143, 262144, 262145, 1 << 20] as $size) {
            $value = random_bytes($size);
            $this->assertTrue(ephpm_kv_set("size:$size", $value));
            $read = ephpm_kv_get("size:$size");
            $this->assertSame(strlen($value), strlen($read), "size $size");
            $this->assertTrue($value === $read, "size $size: bytes differ");
        }
    }
}
