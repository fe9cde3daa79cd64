<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel;

use Ephpm\Kv\Counter;
use Ephpm\Kv\Exception\CorruptValueException;
use Ephpm\Kv\Exception\IntegerOverflowException;
use Ephpm\Kv\Exception\NonIntegerValueException;
use Ephpm\Kv\Exception\WriteRejectedException;
use Ephpm\Kv\KvOpsInterface as BaseKvOpsInterface;
use Ephpm\Kv\ValueCodec;
use Illuminate\Cache\TaggableStore;
use Illuminate\Contracts\Cache\LockProvider;

/**
 * Laravel cache store backed by the ePHPm in-process key-value store.
 *
 * Every key is stored as "<prefix>:<key>" so that flush() can delete exactly this store's
 * keys with one del_prefix call and nothing else: not another application's keys, not a
 * second store with another prefix, not sessions kept under their own prefix.
 *
 * Method signatures deliberately leave parameters untyped: Illuminate\Contracts\Cache\Store
 * declares them untyped in Laravel 8 to 12, and a typed parameter would not be a valid
 * implementation. Return types are added (allowed, being covariant).
 */
final class EphpmStore extends TaggableStore implements LockProvider
{
    private string $prefix;
    private readonly ValueCodec $codec;
    private readonly Counter $counter;

    /**
     * @param string $prefix without separator; ":" is appended ("cache" => keys "cache:...")
     */
    public function __construct(
        private readonly BaseKvOpsInterface $ops,
        string $prefix = 'cache',
        ?ValueCodec $codec = null,
    ) {
        $this->setPrefix($prefix);
        $this->codec = $codec ?? new ValueCodec();
        $this->counter = new Counter($ops, $this->codec);
    }

    /**
     * @param string $key
     *
     * @throws CorruptValueException when the stored bytes were not written by this store
     */
    public function get($key): mixed
    {
        $payload = $this->ops->get($this->prefix . $key);

        return $payload === null ? null : $this->codec->decode($payload);
    }

    /**
     * @param array<array-key, string> $keys
     *
     * @return array<array-key, mixed> every key => its value, null when missing
     */
    public function many(array $keys): array
    {
        if ($keys === []) {
            return [];
        }
        $prefixed = [];
        foreach ($keys as $key) {
            $prefixed[] = $this->prefix . $key;
        }
        $payloads = $this->ops->mget($prefixed);

        $values = [];
        foreach ($keys as $key) {
            $payload = $payloads[$this->prefix . $key] ?? null;
            $values[$key] = $payload === null ? null : $this->codec->decode($payload);
        }

        return $values;
    }

    /**
     * @param string $key
     * @param int    $seconds
     *
     * @return bool false when ePHPm refused the value (too large, or the store is full under
     *              a no-eviction policy); the previous value is then unchanged
     */
    public function put($key, $value, $seconds): bool
    {
        return $this->ops->set($this->prefix . $key, $this->codec->encode($value), self::normalizeTtl($seconds));
    }

    /**
     * Not atomic across keys (the store has no multi-key write); every key is attempted.
     *
     * @param array<array-key, mixed> $values
     * @param int                     $seconds
     *
     * @return bool true only when every value was stored
     */
    public function putMany(array $values, $seconds): bool
    {
        $ttl = self::normalizeTtl($seconds);
        $stored = true;
        foreach ($values as $key => $value) {
            $stored = $this->ops->set($this->prefix . $key, $this->codec->encode($value), $ttl) && $stored;
        }

        return $stored;
    }

    /**
     * Atomic "store if absent" (ephpm_kv_add). Laravel's Repository::add() calls it when a
     * TTL is given; $seconds <= 0 adds the key without expiry.
     *
     * @param string   $key
     * @param int|null $seconds
     */
    public function add($key, $value, $seconds = 0): bool
    {
        $seconds = (int) $seconds;

        return $this->ops->add(
            $this->prefix . $key,
            $this->codec->encode($value),
            $seconds > 0 ? $seconds : 0,
        );
    }

    /**
     * Atomic; keeps the key's TTL; a missing key counts as 0.
     *
     * @param string     $key
     * @param int|string $value
     *
     * @throws NonIntegerValueException when the key holds anything but an int
     * @throws IntegerOverflowException when the result would not fit in 64 bits
     * @throws WriteRejectedException   when ePHPm refused the write (limits, full store)
     */
    public function increment($key, $value = 1): int
    {
        return $this->counter->incrementBy($this->prefix . $key, Counter::toDelta($value));
    }

    /**
     * @param string     $key
     * @param int|string $value
     *
     * @throws NonIntegerValueException
     * @throws IntegerOverflowException
     * @throws WriteRejectedException
     */
    public function decrement($key, $value = 1): int
    {
        return $this->counter->decrementBy($this->prefix . $key, Counter::toDelta($value));
    }

    /**
     * @param string $key
     */
    public function forever($key, $value): bool
    {
        return $this->ops->set($this->prefix . $key, $this->codec->encode($value), 0);
    }

    /**
     * Sets a new TTL on an existing item (Laravel 13 added this to the Store contract).
     *
     * @param string $key
     * @param int    $seconds
     *
     * @return bool false when the item does not exist
     */
    public function touch($key, $seconds): bool
    {
        return $this->ops->expire($this->prefix . $key, self::normalizeTtl($seconds));
    }

    /**
     * @param string $key
     *
     * @return bool whether the item existed
     */
    public function forget($key): bool
    {
        return $this->ops->del($this->prefix . $key) === 1;
    }

    /**
     * Deletes every item of this store, and only those: all keys under this store's prefix
     * (tags and locks of this store included), in one del_prefix call (atomic per key; a key
     * written while it runs may survive).
     *
     * @throws \LogicException when the store has no prefix: flushing would then delete every
     *                         key in ePHPm, other applications' included
     */
    public function flush(): bool
    {
        if ($this->prefix === '') {
            throw new \LogicException(
                'Refusing to flush an ePHPm cache store without prefix: it would delete every key in the '
                . 'ePHPm store, other applications\' data included. Set a "prefix" on the store (or cache.prefix).',
            );
        }
        $this->ops->delPrefix($this->prefix);

        return true;
    }

    /** The key prefix including its ":" separator ("" when the store has no prefix). */
    public function getPrefix(): string
    {
        return $this->prefix;
    }

    public function setPrefix(string $prefix): void
    {
        $this->prefix = $prefix === '' ? '' : $prefix . ':';
    }

    /**
     * Seconds left for an item: -1 when it never expires, -2 when it does not exist.
     *
     * @param string $key
     */
    public function ttl($key): int
    {
        return $this->ops->ttl($this->prefix . $key);
    }

    /**
     * An atomic lock: acquired with ephpm_kv_add, released with ephpm_kv_del_if so that only
     * its owner can release it (never a lock re-acquired by someone else after expiry).
     *
     * @param string      $name
     * @param int         $seconds 0 = held until released
     * @param string|null $owner
     */
    public function lock($name, $seconds = 0, $owner = null): EphpmLock
    {
        return new EphpmLock($this->ops, $this->codec, $this->prefix . $name, $name, (int) $seconds, $owner);
    }

    /**
     * A lock instance for an owner that acquired it earlier (e.g. in another request or job).
     *
     * @param string $name
     * @param string $owner
     */
    public function restoreLock($name, $owner): EphpmLock
    {
        return $this->lock($name, 0, $owner);
    }

    public function getOps(): BaseKvOpsInterface
    {
        return $this->ops;
    }

    /**
     * Laravel's Repository never passes a TTL <= 0 here (it forgets the key instead); if a
     * caller does, expire after one second like Laravel's Redis store, rather than storing
     * the value forever, which is what a TTL of 0 means to the ePHPm store.
     */
    private static function normalizeTtl(mixed $seconds): int
    {
        return max(1, (int) $seconds);
    }
}
