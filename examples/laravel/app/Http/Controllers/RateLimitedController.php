<?php

namespace App\Http\Controllers;

use Illuminate\Http\JsonResponse;

/**
 * Behind the "demo" rate limiter (App\Providers\RouteServiceProvider): a few requests per
 * minute and client IP, then 429 Too Many Requests with Retry-After. The hit counters are
 * kept in the default cache store, the ephpm one.
 */
class RateLimitedController
{
    public function __invoke(): JsonResponse
    {
        return response()->json(['ok' => true]);
    }
}
