<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel\Tests;

use Ephpm\Cache\Laravel\EphpmCacheServiceProvider;
use Ephpm\Cache\Laravel\InMemoryKvOps;
use Ephpm\Cache\Laravel\KvOpsInterface;
use Ephpm\Cache\Laravel\SapiKvOps;
use Ephpm\Kv\Testing\TestKv;
use Illuminate\Cache\CacheManager;
use Illuminate\Cache\CacheServiceProvider;
use Illuminate\Config\Repository as Config;
use Illuminate\Container\Container;
use Illuminate\Contracts\Cache\Repository;
use Illuminate\Foundation\Application;
use Illuminate\Session\SessionServiceProvider;
use Illuminate\Support\Facades\Facade;
use PHPUnit\Framework\TestCase;

/**
 * Boots a real Laravel application (Illuminate\Foundation\Application) with the cache and
 * session service providers and ours, the way a Laravel app does, with the store
 * operations bound to the fake on php-cli or to the real store inside ePHPm.
 *
 * All keys live under a per-test root prefix, deleted afterwards, because inside ePHPm the
 * store is shared.
 */
abstract class LaravelTestCase extends TestCase
{
    protected Application $app;
    protected KvOpsInterface $ops;

    /** Root of every key this test writes, without trailing separator. */
    protected string $root;

    protected function setUp(): void
    {
        $ops = TestKv::create(InMemoryKvOps::class, SapiKvOps::class);
        \assert($ops instanceof KvOpsInterface);
        $this->ops = $ops;
        $this->root = rtrim(TestKv::uniquePrefix('lvtest'), ':');
        $this->app = $this->createApplication();
    }

    protected function tearDown(): void
    {
        $this->ops->delPrefix($this->root . ':');
        Facade::clearResolvedInstances();
        Facade::setFacadeApplication(null);
        Container::setInstance(null);
    }

    /**
     * @param array<string, mixed> $overrides merged into the configuration
     */
    protected function createApplication(array $overrides = [], bool $bindOps = true): Application
    {
        return $this->createApplicationWithConfig(array_replace_recursive($this->baseConfig(), $overrides), $bindOps);
    }

    /**
     * @param array<string, mixed> $config the complete configuration
     */
    protected function createApplicationWithConfig(array $config, bool $bindOps = true): Application
    {
        $app = new Application(sys_get_temp_dir());
        $app->instance('config', new Config($config));
        $app->register(CacheServiceProvider::class);
        $app->register(SessionServiceProvider::class);
        $app->register(EphpmCacheServiceProvider::class);
        if ($bindOps) {
            $app->instance(KvOpsInterface::class, $this->ops);
        }
        $app->boot();

        Facade::clearResolvedInstances();
        Facade::setFacadeApplication($app);

        return $app;
    }

    /**
     * @return array<string, mixed>
     */
    protected function baseConfig(): array
    {
        return [
            'app' => ['providers' => []],
            'cache' => [
                'default' => 'ephpm',
                'prefix' => $this->root . ':fallback',
                'stores' => [
                    'ephpm' => ['driver' => 'ephpm', 'prefix' => $this->root . ':cache'],
                    'second' => ['driver' => 'ephpm', 'prefix' => $this->root . ':second'],
                    'sessions' => ['driver' => 'ephpm', 'prefix' => $this->root . ':sessions'],
                    'array' => ['driver' => 'array'],
                ],
            ],
            'session' => [
                'driver' => 'cache',
                'store' => 'sessions',
                'lifetime' => 120,
                'cookie' => 'laravel_session',
                'encrypt' => false,
            ],
        ];
    }

    protected function cache(?string $store = null): Repository
    {
        $manager = $this->app->make('cache');
        \assert($manager instanceof CacheManager);

        return $manager->store($store);
    }

    protected function sleep(float $seconds): void
    {
        TestKv::sleep($this->ops, $seconds);
    }
}
