<?php

declare(strict_types=1);

namespace Ephpm\Kv;

/**
 * One method per ePHPm host function (ephpm_kv_*), with the host's exact semantics.
 *
 * Everything above this interface (the Laravel store, the Symfony adapter, your own code)
 * talks to the store only through it, so the same code runs against the real store inside
 * ePHPm ({@see SapiKvOps}) and against the in-process fake on plain php-cli
 * ({@see InMemoryKvOps}).
 *
 * Rules shared by every method:
 *  - each call is atomic for the key it touches;
 *  - keys and values are binary-safe byte strings;
 *  - an empty key, or one longer than the store's maximum key size, raises \ValueError;
 *  - TTLs are whole seconds; a TTL <= 0 means "no expiry" for writes.
 */
interface KvOpsInterface
{
    /** Keys of the array returned by {@see stats()}. */
    public const STAT_KEYS = [
        'entries',
        'bytes_used',
        'byte_limit',
        'hits',
        'misses',
        'evictions',
        'expirations',
        'rejected_writes',
    ];

    /** The value, or null when the key is missing or expired. */
    public function get(string $key): ?string;

    /**
     * Stores the value and clears any previous TTL.
     *
     * Returns false when the value cannot be stored (value too large, or the store is full
     * under a no-eviction policy); the previous value, if any, is then left untouched.
     */
    public function set(string $key, string $value, int $ttl = 0): bool;

    /**
     * Redis INCRBY: a missing key counts as 0, the TTL is kept, the stored value must be the
     * canonical base-10 form of a signed 64-bit integer ("0", "-12", never "+1", "007", " 1").
     *
     * Returns the new value, or false (and the value is unchanged) when the stored value is
     * not such an integer or when the result would overflow 64 bits.
     */
    public function incrBy(string $key, int $delta): int|false;

    /** incrBy($key, 1). */
    public function incr(string $key): int|false;

    /** incrBy($key, -1). */
    public function decr(string $key): int|false;

    /**
     * True when the key exists and now expires in $ttl seconds; a $ttl <= 0 deletes the key
     * (and still returns true). False when the key is missing.
     */
    public function expire(string $key, int $ttl): bool;

    /** Seconds left, rounded like Redis TTL; -1 when the key has no expiry, -2 when missing. */
    public function ttl(string $key): int;

    /** Milliseconds left; -1 when the key has no expiry, -2 when missing. */
    public function pttl(string $key): int;

    /** 1 when the key existed (and is now deleted), 0 otherwise. */
    public function del(string $key): int;

    public function exists(string $key): bool;

    /** Stores the value only if the key is absent (SETNX with an optional TTL). */
    public function add(string $key, string $value, int $ttl = 0): bool;

    /** Deletes the key only when its current value equals $expected, byte for byte. */
    public function delIf(string $key, string $expected): bool;

    /**
     * @param list<string|int> $keys an int is the key of its decimal digits, as PHP's array keys are
     *
     * @return array<array-key, string|null> every requested key => its value, or null when missing (PHP makes a
     *                                       decimal key such as "42" the int key 42)
     */
    public function mget(array $keys): array;

    /** Deletes every key that starts with $prefix and returns how many were deleted. */
    public function delPrefix(string $prefix): int;

    /** Empties the whole store, every application's keys included. */
    public function flushAll(): bool;

    /**
     * Counters are monotonic since the store started (flushAll() keeps them); entries and
     * bytes_used describe what the store holds now. bytes_used charges every entry its key
     * and value bytes plus a fixed overhead; byte_limit is the configured memory limit.
     *
     * @return array<string, int> at least the keys listed in {@see STAT_KEYS}
     */
    public function stats(): array;
}
