<?php

declare(strict_types=1);

namespace Ephpm\Kv;

/**
 * Creates the store it forwards to on its first call, not before.
 *
 * Frameworks build cache stores while they wire the application, long before anything is
 * read or written: Laravel resolves the default store when a service provider defines a
 * rate limiter (RateLimiter::for() in RouteServiceProvider::boot(), as in Laravel's own
 * skeleton) or when the session starts, Symfony when a pool is injected. Outside ePHPm
 * (`php artisan`, `bin/console` in a shell) constructing {@see SapiKvOps} throws
 * KvUnavailableException, which would make every command fail, even `package:discover`.
 * Behind this wrapper the application boots anywhere, and the first real read or write
 * still fails with that exception and its explanation.
 *
 * The factory runs once when it succeeds; after a failure it runs again on the next call.
 */
final class LazyKvOps implements KvOpsInterface
{
    /** @var \Closure(): KvOpsInterface */
    private readonly \Closure $factory;

    private ?KvOpsInterface $ops = null;

    /**
     * @param callable(): KvOpsInterface $factory e.g. fn () => new SapiKvOps(), or a container lookup
     */
    public function __construct(callable $factory)
    {
        $this->factory = $factory(...);
    }

    /** The store this wrapper forwards to, created now if it was not yet. */
    public function ops(): KvOpsInterface
    {
        if ($this->ops === null) {
            $ops = ($this->factory)();
            if (!$ops instanceof KvOpsInterface) {
                throw new \UnexpectedValueException(sprintf(
                    'The factory given to %s must return a %s, it returned %s.',
                    self::class,
                    KvOpsInterface::class,
                    get_debug_type($ops),
                ));
            }
            $this->ops = $ops;
        }

        return $this->ops;
    }

    /** Whether the store has been created (a call was made, or ops() was asked). */
    public function isInitialized(): bool
    {
        return $this->ops !== null;
    }

    public function get(string $key): ?string
    {
        return $this->ops()->get($key);
    }

    public function set(string $key, string $value, int $ttl = 0): bool
    {
        return $this->ops()->set($key, $value, $ttl);
    }

    public function incrBy(string $key, int $delta): int|false
    {
        return $this->ops()->incrBy($key, $delta);
    }

    public function incr(string $key): int|false
    {
        return $this->ops()->incr($key);
    }

    public function decr(string $key): int|false
    {
        return $this->ops()->decr($key);
    }

    public function expire(string $key, int $ttl): bool
    {
        return $this->ops()->expire($key, $ttl);
    }

    public function ttl(string $key): int
    {
        return $this->ops()->ttl($key);
    }

    public function pttl(string $key): int
    {
        return $this->ops()->pttl($key);
    }

    public function del(string $key): int
    {
        return $this->ops()->del($key);
    }

    public function exists(string $key): bool
    {
        return $this->ops()->exists($key);
    }

    public function add(string $key, string $value, int $ttl = 0): bool
    {
        return $this->ops()->add($key, $value, $ttl);
    }

    public function delIf(string $key, string $expected): bool
    {
        return $this->ops()->delIf($key, $expected);
    }

    public function mget(array $keys): array
    {
        return $this->ops()->mget($keys);
    }

    public function delPrefix(string $prefix): int
    {
        return $this->ops()->delPrefix($prefix);
    }

    public function flushAll(): bool
    {
        return $this->ops()->flushAll();
    }

    public function stats(): array
    {
        return $this->ops()->stats();
    }
}
