<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel\Tests;

use Ephpm\Cache\Laravel\EphpmCacheServiceProvider;
use Ephpm\Cache\Laravel\EphpmStore;
use Ephpm\Cache\Laravel\KvOpsInterface;
use Ephpm\Cache\Laravel\SapiKvOps;
use Ephpm\Kv\Exception\KvUnavailableException;
use Ephpm\Kv\KvOpsInterface as BaseKvOpsInterface;
use Ephpm\Kv\LazyKvOps;
use Ephpm\Kv\SapiKvOps as BaseSapiKvOps;
use Illuminate\Cache\RateLimiter;

final class ServiceProviderTest extends LaravelTestCase
{
    public function testPackageDiscoveryRegistersTheProvider(): void
    {
        $json = (string) file_get_contents(__DIR__ . '/../composer.json');
        $composer = json_decode($json, true, 512, \JSON_THROW_ON_ERROR);
        self::assertSame([EphpmCacheServiceProvider::class], $composer['extra']['laravel']['providers']);
    }

    public function testTheEphpmStoreIsAddedToTheConfigWhenMissing(): void
    {
        $config = $this->baseConfig();
        unset($config['cache']['stores']['ephpm']);
        $app = $this->createApplicationWithConfig($config);

        self::assertSame(['driver' => 'ephpm'], $app->make('config')->get('cache.stores.ephpm'));
        $store = $app->make('cache')->store('ephpm')->getStore();
        self::assertInstanceOf(EphpmStore::class, $store);
        self::assertSame($this->root . ':fallback:', $store->getPrefix(), 'falls back to cache.prefix');
    }

    /**
     * @return iterable<string, array{string}>
     */
    public static function defaultStoreVariables(): iterable
    {
        yield 'Laravel 11+' => ['CACHE_STORE'];
        yield 'Laravel 8-10' => ['CACHE_DRIVER'];
    }

    /**
     * @dataProvider defaultStoreVariables
     */
    public function testTheEnvironmentSelectsTheDefaultStore(string $variable): void
    {
        // What config/cache.php does: 'default' => env('CACHE_STORE', env('CACHE_DRIVER', 'file')).
        putenv($variable . '=ephpm');
        try {
            $default = env('CACHE_STORE', env('CACHE_DRIVER', 'file'));
        } finally {
            putenv($variable);
        }
        $app = $this->createApplication(['cache' => ['default' => $default]]);
        self::assertSame('ephpm', $app->make('cache')->getDefaultDriver());
        self::assertInstanceOf(EphpmStore::class, $app->make('cache.store')->getStore());
    }

    public function testTheBaseInterfaceResolvesToTheSameOps(): void
    {
        self::assertSame($this->ops, $this->app->make(BaseKvOpsInterface::class));
    }

    public function testTheDefaultBindingIsTheRealStore(): void
    {
        $app = $this->createApplication([], bindOps: false);
        if (BaseSapiKvOps::isAvailable()) {
            self::assertInstanceOf(SapiKvOps::class, $app->make(KvOpsInterface::class));

            return;
        }
        // Booting the app outside ePHPm is fine; using the store says why it cannot work.
        try {
            $app->make('cache')->store('ephpm')->get('k');
            self::fail('Expected KvUnavailableException');
        } catch (KvUnavailableException $e) {
            self::assertStringContainsString('ephpm_kv_', $e->getMessage());
        }
    }

    public function testAnAppThatBuildsItsStoresWhileBootingBootsOutsideEphpm(): void
    {
        // Laravel's own skeleton defines rate limiters in RouteServiceProvider::boot(), which
        // resolves the default store; so does starting a session. Outside ePHPm (artisan in
        // a shell) that must not throw: only reading or writing may.
        $app = $this->createApplication([], bindOps: false);
        $limiter = new RateLimiter($app->make('cache')->store());
        $session = $app->make('session')->driver();
        self::assertInstanceOf(LazyKvOps::class, $app->make('cache')->store()->getStore()->getOps());

        if (BaseSapiKvOps::isAvailable()) {
            self::assertSame(1, $limiter->hit('boot-test', 60));
            self::assertInstanceOf(SapiKvOps::class, $app->make('cache')->store()->getStore()->getOps()->ops());

            return;
        }
        try {
            $limiter->hit('boot-test', 60);
            self::fail('Expected KvUnavailableException');
        } catch (KvUnavailableException $e) {
            self::assertStringContainsString('ephpm_kv_', $e->getMessage());
        }
        self::assertNotNull($session);
    }

    public function testEventsCanBeDisabledPerStoreOnNewerLaravel(): void
    {
        // Laravel 11+ reads 'events' from the store config passed to repository(); older
        // versions ignore the extra argument. Either way the store must resolve.
        $quiet = ['driver' => 'ephpm', 'prefix' => $this->root . ':quiet', 'events' => false];
        $app = $this->createApplication(['cache' => ['stores' => ['quiet' => $quiet]]]);
        self::assertTrue($app->make('cache')->store('quiet')->put('k', 'v', 60));
    }
}
