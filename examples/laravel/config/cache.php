<?php

return [
    /*
     * The default store: ePHPm's in-process key-value store. Laravel 8 to 10 read
     * CACHE_DRIVER; Laravel 11 and later name the same setting CACHE_STORE.
     */
    'default' => env('CACHE_DRIVER', 'ephpm'),

    'stores' => [
        // Cache::... keys are stored as "laravel-example:<key>"; Cache::flush() deletes
        // exactly that prefix.
        'ephpm' => [
            'driver' => 'ephpm',
            'prefix' => 'laravel-example',
        ],

        // The sessions' store (config/session.php): its own prefix, so Cache::flush() on
        // the default store logs nobody out.
        'ephpm_sessions' => [
            'driver' => 'ephpm',
            'prefix' => 'laravel-example-sessions',
        ],

        'array' => [
            'driver' => 'array',
            'serialize' => false,
        ],

        'file' => [
            'driver' => 'file',
            'path' => storage_path('framework/cache/data'),
        ],
    ],

    // Used by stores that set no prefix of their own; the ephpm stores above do.
    'prefix' => env('CACHE_PREFIX', 'laravel_example_cache'),
];
