<?php

namespace App\Http\Controllers;

use Illuminate\Contracts\Cache\Repository as Cache;
use Illuminate\Http\JsonResponse;

/**
 * A visit counter in the cache. Cache::increment() is one atomic ephpm_kv_incr_by on the
 * server, so concurrent requests never lose a count (no read-modify-write in PHP).
 */
class CounterController
{
    public function show(Cache $cache): JsonResponse
    {
        return response()->json(['visits' => (int) $cache->get('visits', 0)]);
    }

    public function increment(Cache $cache): JsonResponse
    {
        return response()->json(['visits' => $cache->increment('visits')]);
    }
}
