<?php

declare(strict_types=1);

namespace Ephpm\Kv;

/**
 * An in-process stand-in for the ePHPm store, for tests and tools on plain php-cli.
 *
 * It mirrors the host functions' observable semantics (see {@see KvOpsInterface}): TTLs
 * driven by an injectable {@see Clock} (a key is gone at exactly its expiry instant), Redis
 * TTL rounding, Redis INCRBY integer rules and overflow, add/del_if/del_prefix, the key,
 * value and memory limits (host defaults, memory charged with the host's per-entry
 * overhead) with a no-eviction or evicting policy, the host's ValueError messages, and the
 * stats counters. Where the host has latitude (which key it evicts, when it reclaims
 * expired memory) the fake makes one simple, deterministic choice.
 *
 * It is NOT shared between PHP processes or requests: it lives exactly as long as this
 * object. Never use it as a production cache.
 *
 * Not final: the framework packages expose it under their own namespaces as thin subtypes.
 */
class InMemoryKvOps implements KvOpsInterface
{
    /** Reject writes that do not fit: set/add/incr return false (host "noeviction"). */
    public const POLICY_NO_EVICTION = 'noeviction';

    /**
     * Evict other keys until the write fits (host "allkeys"; the host picks victims with
     * W-TinyLFU, the fake with plain LRU - which keys go first is not part of the contract).
     */
    public const POLICY_ALLKEYS = 'allkeys';

    /** Same as {@see POLICY_ALLKEYS}: the spelling Redis and the host also accept. */
    public const POLICY_ALLKEYS_LRU = 'allkeys-lru';

    /** Same as {@see POLICY_ALLKEYS}. */
    public const POLICY_ALLKEYS_LFU = 'allkeys-lfu';

    /** The host's defaults (64 KiB keys, 64 MiB values, 256 MiB in total, evicting). */
    public const DEFAULT_MAX_KEY_BYTES = 64 * 1024;
    public const DEFAULT_MAX_VALUE_BYTES = 64 * 1024 * 1024;
    public const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

    /**
     * Bytes the host charges per entry on top of its key and value bytes, as `ephpm` runs it (ZGC, 8-byte
     * references). A JVM with compressed oops (G1 or Parallel, heap under 32 GiB) charges 200.
     */
    public const ENTRY_OVERHEAD_BYTES = 280;

    private readonly Clock $clock;

    /** @var array<array-key, string> key => value, least recently used first */
    private array $values = [];

    /** @var array<array-key, int> key => absolute expiry in clock milliseconds */
    private array $expiresAt = [];

    private int $bytesUsed = 0;
    private int $hits = 0;
    private int $misses = 0;
    private int $evictions = 0;
    private int $expirations = 0;
    private int $rejectedWrites = 0;
    private readonly bool $evicting;

    /**
     * Defaults are the host's defaults; 0 disables the value-size or memory limit.
     *
     * @param int    $maxKeyBytes   keys longer than this raise \ValueError, like the host
     * @param int    $maxValueBytes values longer than this cannot be stored (0 = no limit)
     * @param int    $maxBytes      memory limit, charged as key + value + ENTRY_OVERHEAD_BYTES
     *                              per entry (0 = no limit)
     * @param string $policy        what happens when $maxBytes would be exceeded
     */
    public function __construct(
        ?Clock $clock = null,
        private readonly int $maxKeyBytes = self::DEFAULT_MAX_KEY_BYTES,
        private readonly int $maxValueBytes = self::DEFAULT_MAX_VALUE_BYTES,
        private readonly int $maxBytes = self::DEFAULT_MAX_BYTES,
        string $policy = self::POLICY_ALLKEYS,
    ) {
        $policy = strtolower(str_replace('_', '-', trim($policy)));
        $known = [self::POLICY_NO_EVICTION, self::POLICY_ALLKEYS, self::POLICY_ALLKEYS_LRU, self::POLICY_ALLKEYS_LFU];
        if (!\in_array($policy, $known, true)) {
            throw new \InvalidArgumentException(sprintf(
                'Unknown eviction policy "%s" (expected %s).',
                $policy,
                implode(', ', $known),
            ));
        }
        if ($maxKeyBytes < 1 || $maxValueBytes < 0 || $maxBytes < 0) {
            throw new \InvalidArgumentException('Limits must be positive (0 = unlimited for values and memory).');
        }
        $this->evicting = $policy !== self::POLICY_NO_EVICTION;
        $this->clock = $clock ?? new SystemClock();
    }

    public function getClock(): Clock
    {
        return $this->clock;
    }

    public function get(string $key): ?string
    {
        $this->assertKey(__FUNCTION__, $key);
        if (!$this->live($key)) {
            ++$this->misses;

            return null;
        }
        ++$this->hits;
        $this->touch($key);

        return $this->values[$key];
    }

    public function set(string $key, string $value, int $ttl = 0): bool
    {
        $this->assertKey(__FUNCTION__, $key);
        $this->live($key);

        return $this->write($key, $value, $this->expiryFor($ttl));
    }

    public function incrBy(string $key, int $delta): int|false
    {
        $this->assertKey('incr_by', $key);
        if (!$this->live($key)) {
            $result = $delta;
            $expiresAt = null;
        } else {
            $current = $this->values[$key];
            if (!ValueCodec::isCanonicalInteger($current)) {
                return false;
            }
            $result = (int) $current + $delta;
            // int + int that leaves the 64-bit range becomes a float in PHP.
            if (!\is_int($result)) {
                return false;
            }
            $expiresAt = $this->expiresAt[$key] ?? null;
        }

        return $this->write($key, (string) $result, $expiresAt) ? $result : false;
    }

    public function incr(string $key): int|false
    {
        return $this->incrBy($key, 1);
    }

    public function decr(string $key): int|false
    {
        return $this->incrBy($key, -1);
    }

    public function expire(string $key, int $ttl): bool
    {
        $this->assertKey(__FUNCTION__, $key);
        if (!$this->live($key)) {
            return false;
        }
        if ($ttl <= 0) {
            $this->remove($key);

            return true;
        }
        $this->expiresAt[$key] = $this->clock->nowMilliseconds() + $ttl * 1000;

        return true;
    }

    public function ttl(string $key): int
    {
        $this->assertKey(__FUNCTION__, $key);
        $pttl = $this->remaining($key);

        // Redis rounds the remaining milliseconds to the nearest second.
        return $pttl < 0 ? $pttl : intdiv($pttl + 500, 1000);
    }

    public function pttl(string $key): int
    {
        $this->assertKey(__FUNCTION__, $key);

        return $this->remaining($key);
    }

    public function del(string $key): int
    {
        $this->assertKey(__FUNCTION__, $key);
        if (!$this->live($key)) {
            return 0;
        }
        $this->remove($key);

        return 1;
    }

    public function exists(string $key): bool
    {
        $this->assertKey(__FUNCTION__, $key);

        return $this->live($key);
    }

    public function add(string $key, string $value, int $ttl = 0): bool
    {
        $this->assertKey(__FUNCTION__, $key);
        if ($this->live($key)) {
            return false;
        }

        return $this->write($key, $value, $this->expiryFor($ttl));
    }

    public function delIf(string $key, string $expected): bool
    {
        $this->assertKey('del_if', $key);
        if (!$this->live($key) || $this->values[$key] !== $expected) {
            return false;
        }
        $this->remove($key);

        return true;
    }

    public function mget(array $keys): array
    {
        $result = [];
        foreach ($keys as $key) {
            // Like the host: ints are keys too (PHP turns numeric-string array keys into ints).
            if (\is_int($key)) {
                $key = (string) $key;
            } elseif (!\is_string($key)) {
                throw new \TypeError(sprintf(
                    'ephpm_kv_mget(): Argument #1 ($keys) must contain only strings or ints, %s given',
                    get_debug_type($key),
                ));
            }
            $this->assertKey(
                __FUNCTION__,
                $key,
                '$keys',
                'must contain only non-empty keys',
                'must contain only keys of at most',
            );
            $result[$key] = $this->get($key);
        }

        return $result;
    }

    public function delPrefix(string $prefix): int
    {
        // Like the host: deleting "everything" must be an explicit flushAll().
        $this->assertKey(
            'del_prefix',
            $prefix,
            '$prefix',
            'must not be empty (use ephpm_kv_flush_all() to empty the store)',
        );
        $this->purgeExpired();
        $deleted = 0;
        foreach (array_keys($this->values) as $key) {
            $key = (string) $key;
            if (str_starts_with($key, $prefix)) {
                $this->remove($key);
                ++$deleted;
            }
        }

        return $deleted;
    }

    public function flushAll(): bool
    {
        // Like FLUSHALL, this drops data, not the hit/miss/eviction counters.
        $this->values = [];
        $this->expiresAt = [];
        $this->bytesUsed = 0;

        return true;
    }

    public function stats(): array
    {
        $this->purgeExpired();

        return [
            'entries' => \count($this->values),
            'bytes_used' => $this->bytesUsed,
            'byte_limit' => $this->maxBytes,
            'hits' => $this->hits,
            'misses' => $this->misses,
            'evictions' => $this->evictions,
            'expirations' => $this->expirations,
            'rejected_writes' => $this->rejectedWrites,
        ];
    }

    /** Removes every expired key now (the host also expires keys in the background). */
    public function purgeExpired(): int
    {
        $now = $this->clock->nowMilliseconds();
        $purged = 0;
        foreach ($this->expiresAt as $key => $at) {
            if ($now >= $at) {
                $this->remove((string) $key);
                ++$this->expirations;
                ++$purged;
            }
        }

        return $purged;
    }

    /**
     * Whether the key holds a live value; an expired value is dropped on the way, exactly
     * like a lazy-expiring store would, so later writes never see it.
     */
    private function live(string $key): bool
    {
        if (!isset($this->values[$key])) {
            return false;
        }
        $at = $this->expiresAt[$key] ?? null;
        if ($at !== null && $this->clock->nowMilliseconds() >= $at) {
            $this->remove($key);
            ++$this->expirations;

            return false;
        }

        return true;
    }

    private function remaining(string $key): int
    {
        if (!$this->live($key)) {
            return -2;
        }
        $at = $this->expiresAt[$key] ?? null;

        return $at === null ? -1 : $at - $this->clock->nowMilliseconds();
    }

    private function expiryFor(int $ttl): ?int
    {
        return $ttl > 0 ? $this->clock->nowMilliseconds() + $ttl * 1000 : null;
    }

    /**
     * Stores a value, honouring the value-size and memory limits. On failure nothing
     * changes, as the host guarantees for set().
     */
    private function write(string $key, string $value, ?int $expiresAt): bool
    {
        $newSize = \strlen($key) + \strlen($value) + self::ENTRY_OVERHEAD_BYTES;
        $tooLarge = $this->maxValueBytes > 0 && \strlen($value) > $this->maxValueBytes;
        if ($tooLarge || ($this->maxBytes > 0 && !$this->makeRoom($key, $newSize))) {
            ++$this->rejectedWrites;

            return false;
        }

        $this->bytesUsed += $newSize - $this->sizeOf($key);
        // Re-inserting moves the key to the most-recently-used end.
        unset($this->values[$key]);
        $this->values[$key] = $value;
        if ($expiresAt === null) {
            unset($this->expiresAt[$key]);
        } else {
            $this->expiresAt[$key] = $expiresAt;
        }

        return true;
    }

    private function makeRoom(string $key, int $newSize): bool
    {
        $fits = fn (): bool => $this->bytesUsed - $this->sizeOf($key) + $newSize <= $this->maxBytes;
        if ($fits()) {
            return true;
        }
        $this->purgeExpired();
        if ($fits()) {
            return true;
        }
        if (!$this->evicting || $newSize > $this->maxBytes) {
            return false;
        }
        foreach (array_keys($this->values) as $victim) {
            $victim = (string) $victim;
            if ($victim === $key) {
                continue;
            }
            $this->remove($victim);
            ++$this->evictions;
            if ($fits()) {
                return true;
            }
        }

        return $fits();
    }

    private function sizeOf(string $key): int
    {
        return isset($this->values[$key])
            ? \strlen($key) + \strlen($this->values[$key]) + self::ENTRY_OVERHEAD_BYTES
            : 0;
    }

    private function touch(string $key): void
    {
        if ($this->evicting) {
            $value = $this->values[$key];
            unset($this->values[$key]);
            $this->values[$key] = $value;
        }
    }

    private function remove(string $key): void
    {
        $this->bytesUsed -= $this->sizeOf($key);
        unset($this->values[$key], $this->expiresAt[$key]);
    }

    /** Same checks and messages as the host. */
    private function assertKey(
        string $function,
        string $key,
        string $parameter = '$key',
        string $empty = 'must not be empty',
        string $tooLong = 'must not be longer than',
    ): void {
        if ($key === '') {
            throw new \ValueError(sprintf('ephpm_kv_%s(): Argument #1 (%s) %s', $function, $parameter, $empty));
        }
        if (\strlen($key) > $this->maxKeyBytes) {
            throw new \ValueError(sprintf(
                'ephpm_kv_%s(): Argument #1 (%s) %s %d bytes, was %d',
                $function,
                $parameter,
                $tooLong,
                $this->maxKeyBytes,
                \strlen($key),
            ));
        }
    }
}
