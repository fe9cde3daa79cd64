<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/** Values of several MiB go in and out byte for byte. */
final class LargeValueTest extends KvTestCase
{
    /** @return array<string, array{int}> */
    public function sizes(): array
    {
        return ['8 MiB' => [8 << 20], '32 MiB' => [32 << 20]];
    }

    /** @dataProvider sizes */
    public function testALargeValueRoundTripsByteForByte(int $size): void
    {
        // Random bytes, so that a shifted, truncated or partly zeroed copy cannot compare equal by luck.
        $value = random_bytes($size);
        $md5 = md5($value);
        $this->assertTrue(ephpm_kv_set('large', $value, 60));

        $read = ephpm_kv_get('large');
        $this->assertIsString($read);
        $this->assertSame($size, strlen($read));
        $this->assertSame($md5, md5($read));
        $this->assertTrue($read === $value, 'bytes differ');
        unset($read);

        $many = ephpm_kv_mget(['large', 'missing']);
        $this->assertSame($md5, md5($many['large']));
        $this->assertNull($many['missing']);
        unset($many);

        $stats = self::settledStats();
        $this->assertSame(1, $stats['entries']);
        $this->assertGreaterThan($size, $stats['bytes_used']);

        $this->assertFalse(ephpm_kv_add('large', 'small'));
        $this->assertFalse(ephpm_kv_del_if('large', substr($value, 0, -1)));
        $this->assertTrue(ephpm_kv_del_if('large', $value));
        $this->assertSame(0, self::settledStats()['bytes_used']);
    }

    public function testALargeValueIsReplacedByASmallOneAndBack(): void
    {
        $value = str_repeat("\0\xff", 4 << 20);
        ephpm_kv_set('k', $value);
        ephpm_kv_set('k', 'tiny');
        $this->assertSame('tiny', ephpm_kv_get('k'));
        ephpm_kv_set('k', $value);
        $this->assertSame(md5($value), md5(ephpm_kv_get('k')));
    }
}
