<?php

declare(strict_types=1);

namespace Ephpm\Kv\Testing;

use Ephpm\Kv\KvOpsInterface;

/**
 * Decorator that makes chosen writes fail the way the host does when a value cannot be
 * stored (too large, or store full under no-eviction): set/add/incrBy return false and
 * leave the previous value in place.
 *
 * It lets tests exercise the "could not store" paths identically against the fake and
 * inside ePHPm, where filling the real store on purpose is not an option.
 */
final class RefusingKvOps implements KvOpsInterface
{
    /** @var \Closure(string $key, string $value): bool */
    private readonly \Closure $refuse;

    /**
     * @param callable(string $key, string $value): bool $refuse true = this write fails
     */
    public function __construct(private readonly KvOpsInterface $inner, callable $refuse)
    {
        $this->refuse = $refuse(...);
    }

    /** Refuses every write whose key contains $needle. */
    public static function forKeysContaining(KvOpsInterface $inner, string $needle): self
    {
        return new self($inner, static fn (string $key): bool => str_contains($key, $needle));
    }

    public function get(string $key): ?string
    {
        return $this->inner->get($key);
    }

    public function set(string $key, string $value, int $ttl = 0): bool
    {
        return !($this->refuse)($key, $value) && $this->inner->set($key, $value, $ttl);
    }

    public function incrBy(string $key, int $delta): int|false
    {
        return ($this->refuse)($key, '') ? false : $this->inner->incrBy($key, $delta);
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
        return $this->inner->expire($key, $ttl);
    }

    public function ttl(string $key): int
    {
        return $this->inner->ttl($key);
    }

    public function pttl(string $key): int
    {
        return $this->inner->pttl($key);
    }

    public function del(string $key): int
    {
        return $this->inner->del($key);
    }

    public function exists(string $key): bool
    {
        return $this->inner->exists($key);
    }

    public function add(string $key, string $value, int $ttl = 0): bool
    {
        return !($this->refuse)($key, $value) && $this->inner->add($key, $value, $ttl);
    }

    public function delIf(string $key, string $expected): bool
    {
        return $this->inner->delIf($key, $expected);
    }

    public function mget(array $keys): array
    {
        return $this->inner->mget($keys);
    }

    public function delPrefix(string $prefix): int
    {
        return $this->inner->delPrefix($prefix);
    }

    public function flushAll(): bool
    {
        return $this->inner->flushAll();
    }

    public function stats(): array
    {
        return $this->inner->stats();
    }
}
