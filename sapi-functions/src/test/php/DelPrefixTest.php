<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/** del_prefix: delete a group of keys by their common prefix. */
final class DelPrefixTest extends KvTestCase
{
    public function testDeletesTheKeysWithThePrefixAndCountsThem(): void
    {
        foreach (['user:1', 'user:2', 'user:2:posts', 'user:', 'users', 'User:3', 'session:user:1', 'use'] as $key) {
            ephpm_kv_set($key, 'v');
        }
        $this->assertSame(4, ephpm_kv_del_prefix('user:'));
        foreach (['user:1', 'user:2', 'user:2:posts', 'user:'] as $gone) {
            $this->assertFalse(ephpm_kv_exists($gone), $gone);
        }
        foreach (['users', 'User:3', 'session:user:1', 'use'] as $kept) {
            $this->assertSame('v', ephpm_kv_get($kept), $kept);
        }
        $this->assertSame(4, self::settledStats()['entries']);
    }

    public function testNoMatchDeletesNothing(): void
    {
        ephpm_kv_set('a', 'v');
        $this->assertSame(0, ephpm_kv_del_prefix('b'));
        $this->assertSame(0, ephpm_kv_del_prefix('ab'), 'a prefix longer than the key does not match it');
        $this->assertSame('v', ephpm_kv_get('a'));
    }

    public function testTheWholeKeyIsAPrefixOfItself(): void
    {
        ephpm_kv_set('exact', 'v');
        $this->assertSame(1, ephpm_kv_del_prefix('exact'));
        $this->assertNull(ephpm_kv_get('exact'));
    }

    public function testBinaryPrefixes(): void
    {
        for ($b = 0; $b < 256; $b++) {
            ephpm_kv_set(chr($b) . 'key', 'v');
            ephpm_kv_set("ns\0" . chr($b), 'v');
        }
        ephpm_kv_set('ns', 'v');
        ephpm_kv_set('ns0', 'v');
        $this->assertSame(1, ephpm_kv_del_prefix("\0"));
        $this->assertSame(1, ephpm_kv_del_prefix("\xff"));
        $this->assertSame(256, ephpm_kv_del_prefix("ns\0"));
        $this->assertFalse(ephpm_kv_exists("\0key"));
        $this->assertTrue(ephpm_kv_exists("\x01key"));
        $this->assertTrue(ephpm_kv_exists('ns'), 'shorter than the prefix');
        $this->assertTrue(ephpm_kv_exists('ns0'), 'the digit 0 is not the byte 0');
        $this->assertSame(256, self::settledStats()['entries']);
    }

    public function testExpiredKeysAreNotCounted(): void
    {
        ephpm_kv_set('p:live', 'v', 10);
        ephpm_kv_set('p:dead', 'v', 1);
        self::advance(1000);
        $this->assertSame(1, ephpm_kv_del_prefix('p:'));
        $this->assertSame(0, ephpm_kv_del_prefix('p:'));
    }

    public function testAnEmptyPrefixIsAValueError(): void
    {
        ephpm_kv_set('k', 'v');
        try {
            ephpm_kv_del_prefix('');
            $this->fail('expected a ValueError');
        } catch (\ValueError $e) {
            $this->assertSame(
                'ephpm_kv_del_prefix(): Argument #1 ($prefix) must not be empty'
                . ' (use ephpm_kv_flush_all() to empty the store)',
                $e->getMessage()
            );
        }
        $this->assertSame('v', ephpm_kv_get('k'), 'nothing was deleted');
    }

    public function testAPrefixLongerThanAnyKeyIsFine(): void
    {
        ephpm_test_kv_reset(max_key_size: 8);
        ephpm_kv_set('12345678', 'v');
        $this->assertSame(0, ephpm_kv_del_prefix('123456789'));
        $this->assertSame(1, ephpm_kv_del_prefix('1234'));
    }
}
