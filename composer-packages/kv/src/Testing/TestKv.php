<?php

declare(strict_types=1);

namespace Ephpm\Kv\Testing;

use Ephpm\Kv\InMemoryKvOps;
use Ephpm\Kv\KvOpsInterface;
use Ephpm\Kv\ManualClock;
use Ephpm\Kv\SapiKvOps;
use Ephpm\Kv\SystemClock;

/**
 * Lets one test suite run unchanged on plain php-cli (against {@see InMemoryKvOps}) and
 * inside ePHPm (against the real store through {@see SapiKvOps}).
 *
 * The choice comes from the environment variable EPHPM_KV_OPS:
 *  - "memory": always the in-memory fake, with a {@see ManualClock};
 *  - "sapi":   always the host functions (fails loudly when they are missing);
 *  - "auto" or unset: the host functions when they exist, the fake otherwise.
 *
 * Tests written with it must not assume an empty or private store (inside ePHPm other
 * code may share it): use {@see uniquePrefix()} for keys and wait with {@see sleep()}.
 *
 * This class has no PHPUnit dependency; use it from any test framework.
 */
final class TestKv
{
    public const ENV = 'EPHPM_KV_OPS';
    public const MODE_MEMORY = 'memory';
    public const MODE_SAPI = 'sapi';
    public const MODE_AUTO = 'auto';

    private function __construct()
    {
    }

    /** The resolved mode: "memory" or "sapi". */
    public static function mode(): string
    {
        $requested = strtolower(trim((string) getenv(self::ENV)));

        return match ($requested) {
            self::MODE_MEMORY, self::MODE_SAPI => $requested,
            '', self::MODE_AUTO => SapiKvOps::isAvailable() ? self::MODE_SAPI : self::MODE_MEMORY,
            default => throw new \UnexpectedValueException(sprintf(
                '%s must be "memory", "sapi" or "auto", "%s" given.',
                self::ENV,
                $requested,
            )),
        };
    }

    public static function usesHost(): bool
    {
        return self::mode() === self::MODE_SAPI;
    }

    /**
     * A store for the current mode. The class names let a framework package hand out its
     * own namespaced subtypes (e.g. Ephpm\Cache\Laravel\InMemoryKvOps).
     *
     * @param class-string<InMemoryKvOps> $inMemoryClass
     * @param class-string<SapiKvOps>     $sapiClass
     * @param bool                        $manualClock false gives the fake the real clock, for
     *                                                 third-party suites that call sleep()
     */
    public static function create(
        string $inMemoryClass = InMemoryKvOps::class,
        string $sapiClass = SapiKvOps::class,
        bool $manualClock = true,
    ): KvOpsInterface {
        if (self::usesHost()) {
            return new $sapiClass();
        }

        return new $inMemoryClass($manualClock ? new ManualClock() : new SystemClock());
    }

    /**
     * Lets $seconds pass for the store: instantly for a fake with a {@see ManualClock},
     * by really sleeping for anything else (the host's clock cannot be moved).
     */
    public static function sleep(KvOpsInterface $ops, float $seconds): void
    {
        if ($ops instanceof InMemoryKvOps && ($clock = $ops->getClock()) instanceof ManualClock) {
            $clock->advance($seconds);

            return;
        }
        usleep((int) round($seconds * 1_000_000));
    }

    /** A key prefix no other test run can be using, e.g. "kvtest:3f9c1a0b2d4e:". */
    public static function uniquePrefix(string $label = 'kvtest'): string
    {
        return $label . ':' . bin2hex(random_bytes(6)) . ':';
    }
}
