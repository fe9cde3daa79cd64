<?php

declare(strict_types=1);

namespace Ephpm\Kv;

use Ephpm\Kv\Exception\KvUnavailableException;

/**
 * The real store: forwards every call to the ephpm_kv_* functions that the ePHPm server
 * registers in the PHP engine it embeds.
 *
 * Deliberately a 1:1 forwarder with no policy of its own, so that {@see InMemoryKvOps} can
 * mirror it exactly and code tested against the fake behaves the same inside ePHPm.
 *
 * Not final: the framework packages expose it under their own namespaces as thin subtypes.
 */
class SapiKvOps implements KvOpsInterface
{
    /** Every host function this class calls; all must exist for the store to be usable. */
    public const HOST_FUNCTIONS = [
        'ephpm_kv_get',
        'ephpm_kv_set',
        'ephpm_kv_incr_by',
        'ephpm_kv_incr',
        'ephpm_kv_decr',
        'ephpm_kv_expire',
        'ephpm_kv_ttl',
        'ephpm_kv_pttl',
        'ephpm_kv_del',
        'ephpm_kv_exists',
        'ephpm_kv_add',
        'ephpm_kv_del_if',
        'ephpm_kv_mget',
        'ephpm_kv_del_prefix',
        'ephpm_kv_flush_all',
        'ephpm_kv_stats',
    ];

    /**
     * @throws KvUnavailableException when not running inside ePHPm (checked once, here, so a
     *                                misconfiguration fails loudly at wiring time instead of
     *                                as an "undefined function" error deep inside a request)
     */
    public function __construct()
    {
        $missing = self::missingFunctions();
        if ($missing !== []) {
            throw KvUnavailableException::missingFunctions($missing);
        }
    }

    /** True when the host functions are present, i.e. the code runs inside ePHPm. */
    public static function isAvailable(): bool
    {
        return self::missingFunctions() === [];
    }

    /** @return list<string> */
    public static function missingFunctions(): array
    {
        return array_values(array_filter(
            self::HOST_FUNCTIONS,
            static fn (string $function): bool => !\function_exists($function),
        ));
    }

    public function get(string $key): ?string
    {
        return \ephpm_kv_get($key);
    }

    public function set(string $key, string $value, int $ttl = 0): bool
    {
        return \ephpm_kv_set($key, $value, $ttl);
    }

    public function incrBy(string $key, int $delta): int|false
    {
        return \ephpm_kv_incr_by($key, $delta);
    }

    public function incr(string $key): int|false
    {
        return \ephpm_kv_incr($key);
    }

    public function decr(string $key): int|false
    {
        return \ephpm_kv_decr($key);
    }

    public function expire(string $key, int $ttl): bool
    {
        return \ephpm_kv_expire($key, $ttl);
    }

    public function ttl(string $key): int
    {
        return \ephpm_kv_ttl($key);
    }

    public function pttl(string $key): int
    {
        return \ephpm_kv_pttl($key);
    }

    public function del(string $key): int
    {
        return \ephpm_kv_del($key);
    }

    public function exists(string $key): bool
    {
        return \ephpm_kv_exists($key);
    }

    public function add(string $key, string $value, int $ttl = 0): bool
    {
        return \ephpm_kv_add($key, $value, $ttl);
    }

    public function delIf(string $key, string $expected): bool
    {
        return \ephpm_kv_del_if($key, $expected);
    }

    public function mget(array $keys): array
    {
        return \ephpm_kv_mget(array_values($keys));
    }

    public function delPrefix(string $prefix): int
    {
        return \ephpm_kv_del_prefix($prefix);
    }

    public function flushAll(): bool
    {
        return \ephpm_kv_flush_all();
    }

    public function stats(): array
    {
        return \ephpm_kv_stats();
    }
}
