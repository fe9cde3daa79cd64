<?php

return [
    'name' => env('APP_NAME', 'Laravel on ePHPm'),

    'env' => env('APP_ENV', 'production'),

    'debug' => (bool) env('APP_DEBUG', false),

    'url' => env('APP_URL', 'http://localhost:8080'),

    'timezone' => 'UTC',

    'locale' => 'en',

    'fallback_locale' => 'en',

    // Encrypts the session cookie. Generate one per installation: php artisan key:generate
    'key' => env('APP_KEY'),

    'cipher' => 'AES-256-CBC',

    // Bearer token for the /api/admin/* routes; empty disables them (App\Http\Middleware\RequireAdminToken).
    'admin_token' => env('ADMIN_TOKEN', ''),

    /*
     * Laravel 8's standard framework providers (most are deferred: they load only when a
     * service they provide is used), then the application's own.
     * Ephpm\Cache\Laravel\EphpmCacheServiceProvider is not listed: package discovery
     * registers it (extra.laravel.providers in its composer.json, collected into
     * bootstrap/cache/packages.php by `php artisan package:discover`).
     */
    'providers' => [
        Illuminate\Auth\AuthServiceProvider::class,
        Illuminate\Broadcasting\BroadcastServiceProvider::class,
        Illuminate\Bus\BusServiceProvider::class,
        Illuminate\Cache\CacheServiceProvider::class,
        Illuminate\Foundation\Providers\ConsoleSupportServiceProvider::class,
        Illuminate\Cookie\CookieServiceProvider::class,
        Illuminate\Database\DatabaseServiceProvider::class,
        Illuminate\Encryption\EncryptionServiceProvider::class,
        Illuminate\Filesystem\FilesystemServiceProvider::class,
        Illuminate\Foundation\Providers\FoundationServiceProvider::class,
        Illuminate\Hashing\HashServiceProvider::class,
        Illuminate\Mail\MailServiceProvider::class,
        Illuminate\Notifications\NotificationServiceProvider::class,
        Illuminate\Pagination\PaginationServiceProvider::class,
        Illuminate\Pipeline\PipelineServiceProvider::class,
        Illuminate\Queue\QueueServiceProvider::class,
        Illuminate\Redis\RedisServiceProvider::class,
        Illuminate\Auth\Passwords\PasswordResetServiceProvider::class,
        Illuminate\Session\SessionServiceProvider::class,
        Illuminate\Translation\TranslationServiceProvider::class,
        Illuminate\Validation\ValidationServiceProvider::class,
        Illuminate\View\ViewServiceProvider::class,

        App\Providers\RouteServiceProvider::class,
    ],

    'aliases' => [
        'App' => Illuminate\Support\Facades\App::class,
        'Cache' => Illuminate\Support\Facades\Cache::class,
        'Config' => Illuminate\Support\Facades\Config::class,
        'RateLimiter' => Illuminate\Support\Facades\RateLimiter::class,
        'Route' => Illuminate\Support\Facades\Route::class,
        'Session' => Illuminate\Support\Facades\Session::class,
        'URL' => Illuminate\Support\Facades\URL::class,
        'View' => Illuminate\Support\Facades\View::class,
    ],
];
