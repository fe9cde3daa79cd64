<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel;

use Ephpm\Kv\KvOpsInterface as BaseKvOpsInterface;
use Ephpm\Kv\LazyKvOps;
use Ephpm\Kv\ValueCodec;
use Illuminate\Cache\CacheManager;
use Illuminate\Contracts\Container\Container;
use Illuminate\Session\CacheBasedSessionHandler;
use Illuminate\Session\SessionManager;
use Illuminate\Support\ServiceProvider;

/**
 * Registers the "ephpm" cache driver (found through Laravel package discovery).
 *
 * - cache driver "ephpm":       'ephpm' => ['driver' => 'ephpm', 'prefix' => 'cache']
 *                               (a store named "ephpm" is added to the config when absent,
 *                               so CACHE_STORE=ephpm / CACHE_DRIVER=ephpm work right away);
 * - session driver "ephpm":     sessions in the cache store named by session.store
 *                               (SESSION_STORE), or in the "ephpm" store;
 * - session driver "cache":     sessions in the cache store named by session.store, or in
 *                               the default cache store;
 * - KvOpsInterface binding:     the real store (SapiKvOps); rebind it to an InMemoryKvOps
 *                               in tests. Stores look it up on their first read or write
 *                               (LazyKvOps), not when they are built, so booting the app
 *                               outside ePHPm (artisan in a shell) works even though the
 *                               app resolves its stores while booting (RateLimiter::for(),
 *                               sessions).
 */
final class EphpmCacheServiceProvider extends ServiceProvider
{
    public const DRIVER = 'ephpm';

    public function register(): void
    {
        $this->app->singleton(KvOpsInterface::class, static fn (): KvOpsInterface => new SapiKvOps());
        // Let code type-hint the framework-neutral interface of ephpm/kv as well.
        $this->app->alias(KvOpsInterface::class, BaseKvOpsInterface::class);

        $this->registerDefaultStoreConfig();

        // Container::extend() instead of Cache::extend() in boot(): it works whether or not
        // the (deferred) cache manager has been resolved yet, and needs no facade.
        $this->app->extend('cache', static function ($manager) {
            if (!$manager instanceof CacheManager) {
                return $manager; // replaced by something else: leave it alone
            }
            // Not static, and no self:: inside: CacheManager::extend() rebinds this closure
            // to the manager (a static closure cannot be bound, self would become the manager).
            $manager->extend(self::DRIVER, function ($app, array $config) use ($manager) {
                // Newer Laravel versions read per-store options from $config; Laravel 8 ignores it.
                return $manager->repository(EphpmCacheServiceProvider::createStore($app, $config), $config);
            });

            return $manager;
        });

        $this->app->extend('session', static function ($manager) {
            if (!$manager instanceof SessionManager) {
                return $manager;
            }
            $manager->extend(self::DRIVER, static fn ($app) => self::sessionHandler($app, self::DRIVER));
            $manager->extend('cache', static fn ($app) => self::sessionHandler($app, null));

            return $manager;
        });
    }

    /**
     * Builds the store for one cache.stores.* entry.
     *
     * @param array<string, mixed> $config
     */
    public static function createStore(Container $app, array $config): EphpmStore
    {
        $prefix = $config['prefix'] ?? $app->make('config')->get('cache.prefix') ?? 'cache';

        return new EphpmStore(
            // Laravel builds stores while booting (a rate limiter defined in a service
            // provider resolves the default store): take the ops on first use, so that
            // booting outside ePHPm does not throw, and using the store still does.
            new LazyKvOps(static fn (): BaseKvOpsInterface => $app->make(KvOpsInterface::class)),
            (string) $prefix,
            new ValueCodec(self::allowedClasses($config, $app)),
        );
    }

    private function registerDefaultStoreConfig(): void
    {
        if (!$this->app->bound('config')) {
            return;
        }
        $config = $this->app->make('config');
        if ($config->get('cache.stores.' . self::DRIVER) === null) {
            $config->set('cache.stores.' . self::DRIVER, ['driver' => self::DRIVER]);
        }
    }

    /**
     * Which classes cached values may instantiate when unserialized. Laravel 13 names this
     * "serializable_classes" (per store or in cache.php); without it every class is allowed,
     * as in Laravel 8 to 12.
     *
     * @param array<string, mixed> $config
     *
     * @return bool|list<class-string>
     */
    private static function allowedClasses(array $config, Container $app): bool|array
    {
        $allowed = $config['serializable_classes'] ?? $app->make('config')->get('cache.serializable_classes');

        return \is_array($allowed) ? array_values($allowed) : ($allowed ?? true);
    }

    private static function sessionHandler(Container $app, ?string $defaultStore): CacheBasedSessionHandler
    {
        $config = $app->make('config');
        $store = $config->get('session.store') ?: $defaultStore;

        // Cloned like Laravel's own cache-based session drivers, so the session handler
        // does not share the repository instance (and its state) with the application.
        return new CacheBasedSessionHandler(
            clone $app->make('cache')->store($store),
            $config->get('session.lifetime', 120),
        );
    }
}
