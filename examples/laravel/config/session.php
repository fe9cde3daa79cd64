<?php

use Illuminate\Support\Str;

return [
    /*
     * "cache" keeps sessions in the cache store named by "store" below. Laravel itself has no
     * "cache" session driver before version 11: ephpm/cache-laravel registers it (and "ephpm").
     */
    'driver' => env('SESSION_DRIVER', 'cache'),

    'store' => env('SESSION_STORE', 'ephpm_sessions'),

    'lifetime' => env('SESSION_LIFETIME', 120),

    'expire_on_close' => false,

    'encrypt' => false,

    'files' => storage_path('framework/sessions'),

    'connection' => null,

    'table' => 'sessions',

    'lottery' => [2, 100],

    'cookie' => env('SESSION_COOKIE', Str::slug(env('APP_NAME', 'laravel'), '_').'_session'),

    'path' => '/',

    'domain' => env('SESSION_DOMAIN'),

    'secure' => env('SESSION_SECURE_COOKIE'),

    'http_only' => true,

    'same_site' => 'lax',
];
