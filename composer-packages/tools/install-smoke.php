<?php

declare(strict_types=1);

/*
 * Runs inside the project built by install-test.sh, with nothing but that project's
 * vendor/autoload.php: proves the packages' autoload rules, the shims, Laravel package
 * discovery (extra.laravel.providers, read the way Laravel reads it) and a Symfony pool.
 *
 * Usage: php install-smoke.php <project dir>
 */

use Ephpm\Cache\Laravel\EphpmCacheServiceProvider;
use Ephpm\Cache\Laravel\EphpmStore;
use Ephpm\Cache\Laravel\InMemoryKvOps as LaravelInMemoryKvOps;
use Ephpm\Cache\Laravel\KvOpsInterface as LaravelKvOpsInterface;
use Ephpm\Cache\Symfony\EphpmKvAdapter;
use Ephpm\Cache\Symfony\InMemoryKvOps as SymfonyInMemoryKvOps;
use Ephpm\Kv\Exception\KvUnavailableException;
use Ephpm\Kv\SapiKvOps;
use Illuminate\Config\Repository as Config;
use Illuminate\Foundation\Application;
use Illuminate\Foundation\PackageManifest;

$project = $argv[1] ?? '';
if ($project === '' || !is_file($project . '/vendor/autoload.php')) {
    fwrite(STDERR, "usage: php install-smoke.php <project dir with vendor/>\n");
    exit(2);
}
require $project . '/vendor/autoload.php';

$checks = 0;
function check(bool $ok, string $what): void
{
    global $checks;
    ++$checks;
    if (!$ok) {
        fwrite(STDERR, "install-smoke: FAILED: {$what}\n");
        exit(1);
    }
    echo "    ok - {$what}\n";
}

// Laravel package discovery, exactly as Laravel builds bootstrap/cache/packages.php.
$cacheDir = $project . '/bootstrap/cache';
@mkdir($cacheDir, 0777, true);
$manifest = new PackageManifest(new Illuminate\Filesystem\Filesystem(), $project, $cacheDir . '/packages.php');
check(
    in_array(EphpmCacheServiceProvider::class, $manifest->providers(), true),
    'Laravel package discovery finds EphpmCacheServiceProvider',
);

// A Laravel application registering its configured + discovered providers.
$app = new Application($project);
$app->instance('config', new Config([
    'app' => ['providers' => [Illuminate\Cache\CacheServiceProvider::class]],
    'cache' => ['default' => 'ephpm', 'prefix' => 'smoke', 'stores' => []],
]));
$app->registerConfiguredProviders();
$app->instance(LaravelKvOpsInterface::class, new LaravelInMemoryKvOps());
$app->boot();
$cache = $app->make('cache');
check(
    $cache->store()->getStore() instanceof EphpmStore,
    'CACHE_STORE=ephpm resolves to EphpmStore (store config added by the provider)',
);
check($cache->put('n', 41, 60) === true, 'Cache::put()');
check($cache->increment('n') === 42, 'Cache::increment() on a value written by put()');
check($cache->lock('job', 10)->get() === true, 'Cache::lock()->get()');
check($cache->flush() === true, 'Cache::flush()');

if (!SapiKvOps::isAvailable()) {
    $fresh = new Application($project);
    $fresh->instance('config', new Config([
        'app' => ['providers' => [Illuminate\Cache\CacheServiceProvider::class]],
        'cache' => ['default' => 'ephpm', 'prefix' => 'smoke', 'stores' => []],
    ]));
    $fresh->registerConfiguredProviders();
    $fresh->boot();
    try {
        $fresh->make('cache')->get('k');
        check(false, 'SapiKvOps outside ePHPm throws KvUnavailableException');
    } catch (KvUnavailableException $e) {
        check(true, 'SapiKvOps outside ePHPm throws KvUnavailableException');
    }
}

// Symfony.
$pool = new EphpmKvAdapter('smoke', 0, new SymfonyInMemoryKvOps());
check($pool->save($pool->getItem('k')->set(['v' => 1])), 'EphpmKvAdapter::save()');
check($pool->getItem('k')->get() === ['v' => 1], 'EphpmKvAdapter::getItem()');
check($pool->get('c', static fn () => 'computed') === 'computed', 'EphpmKvAdapter::get() (Symfony Contracts)');
check($pool->clear(), 'EphpmKvAdapter::clear()');

echo "install-smoke: {$checks} checks passed\n";
