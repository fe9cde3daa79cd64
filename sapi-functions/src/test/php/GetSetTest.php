<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/** get, set, add/setnx, del, exists, del_if and flush_all: the single-key basics. */
final class GetSetTest extends KvTestCase
{
    public function testAMissingKeyIsNull(): void
    {
        $this->assertNull(ephpm_kv_get('missing'));
        $this->assertFalse(ephpm_kv_exists('missing'));
    }

    public function testSetThenGetReturnsTheValue(): void
    {
        $this->assertTrue(ephpm_kv_set('greeting', 'hello'));
        $this->assertSame('hello', ephpm_kv_get('greeting'));
        $this->assertTrue(ephpm_kv_exists('greeting'));
    }

    public function testSetReplacesTheValue(): void
    {
        ephpm_kv_set('k', 'first');
        $this->assertTrue(ephpm_kv_set('k', 'second, longer'));
        $this->assertSame('second, longer', ephpm_kv_get('k'));
        $this->assertTrue(ephpm_kv_set('k', 's'));
        $this->assertSame('s', ephpm_kv_get('k'));
        $this->assertSame(1, ephpm_kv_stats()['entries']);
    }

    public function testTheStoreKeepsItsOwnCopyOfTheValue(): void
    {
        $value = str_repeat('abc', 1000); // not interned, refcount 1: PHP changes it in place below
        ephpm_kv_set('k', $value);
        $value[0] = 'X';
        $read = ephpm_kv_get('k');
        $read[1] = 'Y';
        $this->assertSame(str_repeat('abc', 1000), ephpm_kv_get('k'));
    }

    /**
     * A value as long as the stored one, without TTL, is copied over it inside the store: strings read before
     * are PHP's own copies and must not change, and memory use stays as it was.
     */
    public function testOverwritingAValueOfTheSameLengthLeavesEarlierReadsAlone(): void
    {
        ephpm_kv_set('k', str_repeat('a', 4096));
        $before = ephpm_kv_get('k');
        $many = ephpm_kv_mget(['k']);
        $bytes = ephpm_kv_stats()['bytes_used'];
        for ($i = 0; $i < 26; $i++) {
            $this->assertTrue(ephpm_kv_set('k', str_repeat(chr(ord('a') + $i), 4096)));
            $this->assertSame(str_repeat(chr(ord('a') + $i), 4096), ephpm_kv_get('k'));
        }
        $this->assertSame(str_repeat('a', 4096), $before);
        $this->assertSame(['k' => str_repeat('a', 4096)], $many);
        $this->assertSame($bytes, ephpm_kv_stats()['bytes_used']);
        $this->assertSame(1, ephpm_kv_stats()['entries']);

        $this->assertTrue(ephpm_kv_set('k', str_repeat('y', 4096), 100));
        $this->assertSame(100, ephpm_kv_ttl('k'), 'a TTL still applies to a value of the same length');
        $this->assertTrue(ephpm_kv_set('k', str_repeat('z', 4096)));
        $this->assertSame(-1, ephpm_kv_ttl('k'), 'and a set without one still clears it');
        $this->assertSame(str_repeat('z', 4096), ephpm_kv_get('k'));
    }

    public function testAZeroByteValueIsAValueNotAMissingKey(): void
    {
        $this->assertTrue(ephpm_kv_set('empty', ''));
        $this->assertSame('', ephpm_kv_get('empty'));
        $this->assertTrue(ephpm_kv_exists('empty'));
        $this->assertSame(-1, ephpm_kv_ttl('empty'));
        $this->assertSame(['empty' => '', 'missing' => null], ephpm_kv_mget(['empty', 'missing']));
        $this->assertFalse(ephpm_kv_add('empty', 'other'), 'the key exists, so add must not store');
        $this->assertSame('', ephpm_kv_get('empty'));
        $this->assertFalse(ephpm_kv_incr('empty'), '"" is not an integer (Redis: ERR value is not an integer)');
        $this->assertSame('', ephpm_kv_get('empty'));
        $this->assertFalse(ephpm_kv_del_if('empty', 'x'));
        $this->assertTrue(ephpm_kv_del_if('empty', ''));
        $this->assertNull(ephpm_kv_get('empty'));

        ephpm_kv_set('empty', '');
        $this->assertSame(1, ephpm_kv_del('empty'));
        $this->assertSame(0, ephpm_kv_del('empty'));
    }

    public function testDelReturnsHowManyKeysItDeleted(): void
    {
        ephpm_kv_set('k', 'v');
        ephpm_kv_set('other', 'v');
        $this->assertSame(1, ephpm_kv_del('k'));
        $this->assertNull(ephpm_kv_get('k'));
        $this->assertFalse(ephpm_kv_exists('k'));
        $this->assertSame(0, ephpm_kv_del('k'));
        $this->assertSame(0, ephpm_kv_del('never-set'));
        $this->assertSame('v', ephpm_kv_get('other'));
    }

    public function testDelOfAnExpiredKeyDeletesNothing(): void
    {
        ephpm_kv_set('k', 'v', 1);
        self::advance(1000);
        $this->assertSame(0, ephpm_kv_del('k'));
    }

    /** @return array<string, array{string}> */
    public function addFunctions(): array
    {
        return ['ephpm_kv_add' => ['ephpm_kv_add'], 'ephpm_kv_setnx' => ['ephpm_kv_setnx']];
    }

    /** @dataProvider addFunctions */
    public function testAddStoresOnlyWhenTheKeyIsAbsent(callable $add): void
    {
        $this->assertTrue($add('k', 'first', 100));
        $this->assertSame(100, ephpm_kv_ttl('k'));
        self::advance(10_000);

        $this->assertFalse($add('k', 'second'), 'present: not stored');
        $this->assertSame('first', ephpm_kv_get('k'));
        $this->assertSame(90, ephpm_kv_ttl('k'), 'a refused add leaves the TTL alone');
        $this->assertFalse($add('k', 'third', 5));
        $this->assertSame(90_000, ephpm_kv_pttl('k'));
    }

    /** @dataProvider addFunctions */
    public function testAddStoresOverAnExpiredKey(callable $add): void
    {
        ephpm_kv_set('k', 'old', 2);
        self::advance(2000);
        $this->assertTrue($add('k', 'new'));
        $this->assertSame('new', ephpm_kv_get('k'));
        $this->assertSame(-1, ephpm_kv_ttl('k'));
    }

    /** @dataProvider addFunctions */
    public function testAddStoresAfterDel(callable $add): void
    {
        $this->assertTrue($add('k', 'one'));
        ephpm_kv_del('k');
        $this->assertTrue($add('k', 'two'));
        $this->assertSame('two', ephpm_kv_get('k'));
    }

    public function testDelIfDeletesOnlyTheExpectedValue(): void
    {
        ephpm_kv_set('k', 'abc');
        $this->assertFalse(ephpm_kv_del_if('k', 'ab'), 'a prefix of the value is not the value');
        $this->assertFalse(ephpm_kv_del_if('k', 'abcd'));
        $this->assertFalse(ephpm_kv_del_if('k', 'ABC'));
        $this->assertFalse(ephpm_kv_del_if('k', ''));
        $this->assertSame('abc', ephpm_kv_get('k'));
        $this->assertTrue(ephpm_kv_del_if('k', 'abc'));
        $this->assertNull(ephpm_kv_get('k'));
        $this->assertFalse(ephpm_kv_del_if('k', 'abc'), 'missing now');
        $this->assertFalse(ephpm_kv_del_if('never-set', 'abc'));
    }

    public function testALockReleasedWithDelIfCannotReleaseSomeoneElsesLock(): void
    {
        $mine = random_bytes(16);
        $theirs = random_bytes(16);
        $this->assertTrue(ephpm_kv_add('lock:report', $mine, 30));
        $this->assertFalse(ephpm_kv_add('lock:report', $theirs, 30), 'held');

        self::advance(30_000); // we were too slow: the lock expired and someone else took it
        $this->assertTrue(ephpm_kv_add('lock:report', $theirs, 30));
        $this->assertFalse(ephpm_kv_del_if('lock:report', $mine), 'not ours any more');
        $this->assertSame($theirs, ephpm_kv_get('lock:report'));
        $this->assertTrue(ephpm_kv_del_if('lock:report', $theirs));
        $this->assertFalse(ephpm_kv_exists('lock:report'));
    }

    public function testDelIfOnAnExpiredKeyIsFalse(): void
    {
        ephpm_kv_set('k', 'v', 1);
        self::advance(1000);
        $this->assertFalse(ephpm_kv_del_if('k', 'v'));
    }

    public function testFlushAllEmptiesTheStoreAndKeepsTheCounters(): void
    {
        for ($i = 0; $i < 100; $i++) {
            ephpm_kv_set("k$i", "v$i", $i % 2 === 0 ? 0 : 60);
        }
        ephpm_kv_get('k1');
        ephpm_kv_get('nope');
        $this->assertTrue(ephpm_kv_flush_all());

        $stats = self::settledStats();
        $this->assertSame(0, $stats['entries']);
        $this->assertSame(0, $stats['bytes_used']);
        $this->assertSame(1, $stats['hits']);
        $this->assertSame(1, $stats['misses']);
        $this->assertNull(ephpm_kv_get('k0'));
        $this->assertNull(ephpm_kv_get('k1'));
        $this->assertSame(-2, ephpm_kv_ttl('k1'));
        $this->assertTrue(ephpm_kv_flush_all(), 'flushing an empty store is fine too');
        $this->assertTrue(ephpm_kv_set('k0', 'again'));
        $this->assertSame('again', ephpm_kv_get('k0'));
    }

    public function testNamedArgumentsWork(): void
    {
        $this->assertTrue(ephpm_kv_set(value: 'v', key: 'k', ttl: 7));
        $this->assertSame(7, ephpm_kv_ttl(key: 'k'));
        $this->assertTrue(ephpm_kv_set('k2', 'v', ttl: 9));
        $this->assertSame(9, ephpm_kv_ttl('k2'));
        $this->assertSame(5, ephpm_kv_incr_by(delta: 5, key: 'n'));
        $this->assertSame(['k' => 'v'], ephpm_kv_mget(keys: ['k']));
    }
}
