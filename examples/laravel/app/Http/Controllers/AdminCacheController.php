<?php

namespace App\Http\Controllers;

use Illuminate\Contracts\Cache\Repository as Cache;
use Illuminate\Http\JsonResponse;

/**
 * `php artisan cache:clear` as a route. The store lives inside the ePHPm server process,
 * so a shell command (a different process) cannot reach it; code running in the server can.
 * Cache::flush() deletes the default store's prefix and nothing else: sessions (their own
 * store and prefix), other applications and the rest of the server's store stay.
 */
class AdminCacheController
{
    public function clear(Cache $cache): JsonResponse
    {
        return response()->json([
            'flushed' => $cache->flush(),
            'prefix' => $cache->getStore()->getPrefix(),
        ]);
    }
}
