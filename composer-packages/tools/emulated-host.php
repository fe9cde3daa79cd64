<?php

/*
 * A PHP emulation of the ePHPm host functions (ephpm_kv_*), backed by ephpm/kv's
 * InMemoryKvOps on the real clock. Used by run-tests.sh through
 * `php -d auto_prepend_file=tools/emulated-host.php` so that on plain php-cli the suites
 * also run in "sapi" mode: through SapiKvOps, with the skips and real sleeps they have
 * inside ePHPm. It checks our side of the boundary (SapiKvOps forwarding, the suites'
 * sapi-mode paths); it proves nothing about the real host, which the in-engine run does.
 *
 * Deliberately without declare(strict_types=1): like internal functions called from
 * non-strict code, scalar arguments are coerced.
 */

if (function_exists('ephpm_kv_get')) {
    return; // the real thing is there: never shadow it
}

require_once __DIR__ . '/../kv/src/KvOpsInterface.php';
require_once __DIR__ . '/../kv/src/Clock.php';
require_once __DIR__ . '/../kv/src/SystemClock.php';
require_once __DIR__ . '/../kv/src/ValueCodec.php';
require_once __DIR__ . '/../kv/src/InMemoryKvOps.php';

function ephpm_emulated_host_store(): Ephpm\Kv\InMemoryKvOps
{
    static $store = null;

    return $store ??= new Ephpm\Kv\InMemoryKvOps(new Ephpm\Kv\SystemClock());
}

function ephpm_kv_get(string $key): ?string
{
    return ephpm_emulated_host_store()->get($key);
}

function ephpm_kv_set(string $key, string $value, int $ttl = 0): bool
{
    return ephpm_emulated_host_store()->set($key, $value, $ttl);
}

function ephpm_kv_incr_by(string $key, int $delta): int|false
{
    return ephpm_emulated_host_store()->incrBy($key, $delta);
}

function ephpm_kv_incr(string $key): int|false
{
    return ephpm_emulated_host_store()->incr($key);
}

function ephpm_kv_decr(string $key): int|false
{
    return ephpm_emulated_host_store()->decr($key);
}

function ephpm_kv_expire(string $key, int $ttl): bool
{
    return ephpm_emulated_host_store()->expire($key, $ttl);
}

function ephpm_kv_ttl(string $key): int
{
    return ephpm_emulated_host_store()->ttl($key);
}

function ephpm_kv_pttl(string $key): int
{
    return ephpm_emulated_host_store()->pttl($key);
}

function ephpm_kv_del(string $key): int
{
    return ephpm_emulated_host_store()->del($key);
}

function ephpm_kv_exists(string $key): bool
{
    return ephpm_emulated_host_store()->exists($key);
}

function ephpm_kv_add(string $key, string $value, int $ttl = 0): bool
{
    return ephpm_emulated_host_store()->add($key, $value, $ttl);
}

function ephpm_kv_setnx(string $key, string $value, int $ttl = 0): bool
{
    return ephpm_emulated_host_store()->add($key, $value, $ttl);
}

function ephpm_kv_del_if(string $key, string $expected): bool
{
    return ephpm_emulated_host_store()->delIf($key, $expected);
}

function ephpm_kv_mget(array $keys): array
{
    return ephpm_emulated_host_store()->mget($keys);
}

function ephpm_kv_del_prefix(string $prefix): int
{
    return ephpm_emulated_host_store()->delPrefix($prefix);
}

function ephpm_kv_flush_all(): bool
{
    return ephpm_emulated_host_store()->flushAll();
}

function ephpm_kv_stats(): array
{
    return ephpm_emulated_host_store()->stats();
}
