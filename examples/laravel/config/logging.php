<?php

use Monolog\Handler\StreamHandler;

return [
    /*
     * "errorlog" hands each record to PHP's error_log(), which ePHPm writes to its own log
     * (stderr, text or JSON, see [server.logging]): no log files to rotate or to keep out of
     * the document root.
     */
    'default' => env('LOG_CHANNEL', 'errorlog'),

    'channels' => [
        'errorlog' => [
            'driver' => 'errorlog',
            'level' => env('LOG_LEVEL', 'debug'),
        ],

        'single' => [
            'driver' => 'single',
            'path' => storage_path('logs/laravel.log'),
            'level' => env('LOG_LEVEL', 'debug'),
        ],

        'stderr' => [
            'driver' => 'monolog',
            'level' => env('LOG_LEVEL', 'debug'),
            'handler' => StreamHandler::class,
            'with' => [
                'stream' => 'php://stderr',
            ],
        ],
    ],
];
