<?php

/**
 * ePHPm's key-value functions, for IDEs and static analysers.
 *
 * The functions themselves are built into the ePHPm server (`ephpm serve`, `ephpm php`): PHP code calls them like
 * any internal function, with nothing to install. This file only describes them. It is never executed: including
 * it under ePHPm fails with "Cannot redeclare function", and under plain PHP it would declare functions that do
 * nothing. Point tools at it instead (PhpStorm: any file in the project, or Settings | PHP | Include Path;
 * Psalm: <stubs>; PHPStan: scanFiles, not bootstrapFiles). See sapi-functions/README.md.
 *
 * The store lives in the server's memory and is shared by every request and worker of that server. It is lost
 * when the server stops.
 *
 * Rules shared by every function:
 *
 * - Keys and values are binary-safe byte strings: NUL bytes and invalid UTF-8 are ordinary bytes, and two keys are
 *   the same key exactly when their bytes are equal (no case folding, no Unicode normalisation).
 * - A key must not be empty and must not be longer than the server's `[kv] max_key_size` (64 KiB by default);
 *   otherwise the function throws a ValueError naming itself and the argument, e.g.
 *   `ephpm_kv_get(): Argument #1 ($key) must not be empty`. Nothing is read or written then.
 * - Arguments are checked by PHP's own rules, as for any internal function: a wrong type is a TypeError
 *   (`ephpm_kv_set(): Argument #2 ($value) must be of type string, array given`) and a wrong number of arguments an
 *   ArgumentCountError. Without `declare(strict_types=1)` scalars are coerced as usual (an int key 42 is the key
 *   "42"); with it they are not. Named arguments work.
 * - Every function is atomic for the key it works on: concurrent requests never see half an update, and of two
 *   concurrent ephpm_kv_add() calls for one key exactly one wins. Functions over several keys (ephpm_kv_mget,
 *   ephpm_kv_del_prefix, ephpm_kv_flush_all) are atomic per key, not as a whole.
 * - TTLs are in whole seconds. A key written with a TTL of T seconds is visible for T seconds (never less, at most
 *   about a millisecond more), then gone for every function; its memory is reclaimed within about two seconds. TTLs longer than 100 years
 *   (3,153,600,000 seconds) are cut to 100 years.
 * - Memory is bounded by `[kv] memory_limit` (256 MiB by default). Each entry is charged its key and value bytes
 *   plus a fixed overhead (a couple of hundred bytes) for the objects that hold it in the server's memory. Under
 *   the default eviction policy (`allkeys-lru`; `allkeys-lfu` and `allkeys` name the same one, Caffeine's
 *   W-TinyLFU, which weighs how often keys are read as well as how recently) writes make room by evicting other
 *   keys, so any key may disappear early; under `noeviction` nothing is evicted and writes that do not fit are
 *   refused (they return false and change nothing).
 * - Values are limited by `[kv] max_value_size` (64 MiB by default); larger values are refused the same way.
 */

/**
 * Returns the value stored under a key.
 *
 * A 0-byte value is returned as "" (a key holding "" exists; only a missing key gives null). Counts a hit or a
 * miss in ephpm_kv_stats().
 *
 * @param string $key the key: not empty, at most `max_key_size` bytes
 *
 * @return string|null the value, or null when the key is missing or expired
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_get(string $key): ?string {}

/**
 * Stores a value under a key, replacing any previous value and clearing any previous TTL (Redis SET).
 *
 * Returns false, and leaves the previous value and its TTL exactly as they were, when the value cannot be stored:
 * it is longer than `max_value_size`, the entry alone is bigger than `memory_limit`, or the policy is `noeviction`
 * and there is no room for it. Under `allkeys-lru` a write that fits always succeeds, evicting other keys if it
 * must; but the new key may itself be the one evicted, even before it is read: in a full store, a key nobody has
 * read yet loses to keys that are read often, and a value larger than about 1% of `memory_limit` written into a
 * full store often goes at once. As with any cache, true means stored, not that a later get will find it.
 *
 * @param string $key   the key: not empty, at most `max_key_size` bytes
 * @param string $value the value; any bytes, "" included, at most `max_value_size` bytes
 * @param int    $ttl   time to live in seconds; 0 or less means the key never expires
 *
 * @return bool true when stored; false when it cannot be stored (the previous value is still there)
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_set(string $key, string $value, int $ttl = 0): bool {}

/**
 * Stores a value only if the key is absent or expired (Redis SET NX; memcached add). Atomic: of concurrent callers
 * for one key, exactly one gets true. The usual way to take a lock: `ephpm_kv_add("lock:$name", $token, 30)`.
 *
 * Same function as ephpm_kv_setnx().
 *
 * @param string $key   the key: not empty, at most `max_key_size` bytes
 * @param string $value the value; any bytes, at most `max_value_size` bytes
 * @param int    $ttl   time to live in seconds; 0 or less means the key never expires
 *
 * @return bool true when this call stored the value; false when the key already holds a live value (its value and
 *              TTL are left alone) or the value cannot be stored (see ephpm_kv_set())
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_add(string $key, string $value, int $ttl = 0): bool {}

/**
 * ephpm_kv_add() under ePHPm's own name: stores a value only if the key is absent or expired.
 *
 * @param string $key   the key: not empty, at most `max_key_size` bytes
 * @param string $value the value; any bytes, at most `max_value_size` bytes
 * @param int    $ttl   time to live in seconds; 0 or less means the key never expires
 *
 * @return bool true when this call stored the value; false when the key already holds a live value or the value
 *              cannot be stored
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_setnx(string $key, string $value, int $ttl = 0): bool {}

/**
 * Adds $delta to the integer stored under a key and returns the new value (Redis INCRBY). Atomic: concurrent
 * increments are never lost.
 *
 * A missing or expired key counts as 0 and is created without a TTL; an existing key keeps its TTL. The value is
 * stored as its decimal string ("42"), so ephpm_kv_get() returns a string.
 *
 * The stored value must be a base-10 signed 64-bit integer written as Redis writes one: an optional "-", then
 * digits, with no "+", no spaces, no leading zeros (other than "0" itself) and no "-0". Anything else ("", " 1",
 * "1.0", "1e3", "01") makes the call return false.
 *
 * @param string $key   the key: not empty, at most `max_key_size` bytes
 * @param int    $delta the amount to add; negative to subtract
 *
 * @return int|false the new value; false, with the stored value unchanged, when it is not such an integer, when
 *                   the result would overflow a signed 64-bit integer (PHP_INT_MIN..PHP_INT_MAX), or when the
 *                   policy is `noeviction` and there is no room for the key
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_incr_by(string $key, int $delta): int|false {}

/**
 * ephpm_kv_incr_by($key, 1) (Redis INCR).
 *
 * @param string $key the key: not empty, at most `max_key_size` bytes
 *
 * @return int|false the new value, or false (value unchanged) when it is not an integer or would overflow
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_incr(string $key): int|false {}

/**
 * ephpm_kv_incr_by($key, -1) (Redis DECR).
 *
 * @param string $key the key: not empty, at most `max_key_size` bytes
 *
 * @return int|false the new value, or false (value unchanged) when it is not an integer or would overflow
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_decr(string $key): int|false {}

/**
 * Sets a key's time to live, replacing any TTL it had (Redis EXPIRE). A TTL of 0 or less deletes the key, as in
 * Redis.
 *
 * @param string $key the key: not empty, at most `max_key_size` bytes
 * @param int    $ttl seconds from now; 0 or less deletes the key
 *
 * @return bool true when the key exists (it now expires in $ttl seconds, or was deleted); false when it is missing
 *              or expired
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_expire(string $key, int $ttl): bool {}

/**
 * Seconds a key has left (Redis TTL), rounded to the nearest second as Redis does: (milliseconds + 500) / 1000.
 * So a key with 1.5 s left reports 2, and a key with less than half a second left reports 0 while still there.
 * Not counted as a hit or miss.
 *
 * @param string $key the key: not empty, at most `max_key_size` bytes
 *
 * @return int seconds left; -1 when the key exists without a TTL; -2 when it is missing or expired
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_ttl(string $key): int {}

/**
 * Milliseconds a key has left (Redis PTTL), rounded up, so a key that is still there reports at least 1. Not
 * counted as a hit or miss.
 *
 * @param string $key the key: not empty, at most `max_key_size` bytes
 *
 * @return int milliseconds left; -1 when the key exists without a TTL; -2 when it is missing or expired
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_pttl(string $key): int {}

/**
 * Deletes a key (Redis DEL with one key).
 *
 * @param string $key the key: not empty, at most `max_key_size` bytes
 *
 * @return int 1 when a live value was deleted; 0 when the key was missing or expired
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_del(string $key): int {}

/**
 * Whether a key holds a live value (Redis EXISTS). A key holding "" exists. Not counted as a hit or miss.
 *
 * @param string $key the key: not empty, at most `max_key_size` bytes
 *
 * @return bool true when the key is present and not expired
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_exists(string $key): bool {}

/**
 * Deletes a key only if its value is exactly $expected, byte for byte, in one atomic step: the safe way to release
 * a lock taken with ephpm_kv_add($key, $token, $ttl), since it cannot delete a lock that expired and was then taken
 * by someone else.
 *
 * @param string $key      the key: not empty, at most `max_key_size` bytes
 * @param string $expected the value the key must hold
 *
 * @return bool true when this call deleted the key; false when it is missing, expired, or holds another value
 *              (it is then left alone)
 *
 * @throws ValueError when $key is empty or longer than `max_key_size`
 */
function ephpm_kv_del_if(string $key, string $expected): bool {}

/**
 * Reads several keys in one call (Redis MGET).
 *
 * The keys are the values of $keys; its own keys are ignored. Int elements are taken as their decimal string in
 * every mode (with or without strict_types), because PHP itself turns numeric-string array keys into ints, so a
 * list of keys taken from array_keys() often holds ints. Any other element type is a TypeError.
 *
 * The result maps each key to its value, or to null when missing or expired, in the order of $keys; a key listed
 * twice appears once. PHP's array rules apply to the result's keys: a decimal key such as "42" becomes the int key
 * 42. Each key is read atomically, not all of them at one instant. Counts a hit or a miss per key.
 *
 * @param array<array-key, string|int> $keys the keys; each not empty and at most `max_key_size` bytes
 *
 * @return array<array-key, string|null> key => value, or key => null when missing
 *
 * @throws TypeError  when an element of $keys is neither a string nor an int
 * @throws ValueError when a key is empty or longer than `max_key_size`
 */
function ephpm_kv_mget(array $keys): array {}

/**
 * Deletes every key that starts with $prefix (byte comparison) and returns how many it deleted. Keys written while
 * it runs may or may not be deleted. It scans every key in the store, so it costs in proportion to the store's size
 * whatever the prefix: keep it for invalidating groups of keys, not for every request.
 *
 * @param string $prefix the prefix; not empty (use ephpm_kv_flush_all() to empty the store)
 *
 * @return int how many live keys were deleted
 *
 * @throws ValueError when $prefix is empty
 */
function ephpm_kv_del_prefix(string $prefix): int {}

/**
 * Deletes every key (Redis FLUSHALL). The counters of ephpm_kv_stats() are kept.
 *
 * @return bool always true
 */
function ephpm_kv_flush_all(): bool {}

/**
 * The store's size and counters. Counters count since the server started (ephpm_kv_flush_all() does not reset
 * them); entries and bytes_used are what the store holds now.
 *
 * - entries: keys held, including expired ones whose memory is not reclaimed yet (up to about two seconds)
 * - bytes_used: memory charged for them: key bytes + value bytes + the per-entry overhead, each
 * - byte_limit: the configured `memory_limit`
 * - hits, misses: ephpm_kv_get() and ephpm_kv_mget() lookups that found a live value, or did not
 * - evictions: keys removed to stay under byte_limit (allkeys-lru only)
 * - expirations: keys removed because their TTL ran out (counted when their memory is reclaimed)
 * - rejected_writes: writes refused because the value (or the whole entry) was too large or, under noeviction,
 *   there was no room
 *
 * @return array{entries: int, bytes_used: int, byte_limit: int, hits: int, misses: int, evictions: int,
 *               expirations: int, rejected_writes: int}
 */
function ephpm_kv_stats(): array {}
