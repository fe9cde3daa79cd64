<?php

namespace App\Http\Middleware;

use Closure;
use Illuminate\Routing\Middleware\ThrottleRequests;

/**
 * Laravel's `throttle` middleware, counting first and deciding on the count.
 *
 * Laravel's ThrottleRequests asks "too many attempts?" and then records the hit: two steps.
 * When several PHP threads serve requests at once (ePHPm with a thread-safe PHP build), the
 * requests that arrive together all read the same count before any of them records its hit,
 * and more than the limit get through. (Laravel's answer for Redis is ThrottleRequestsWithRedis.)
 *
 * Here each request records its hit first. RateLimiter::hit() returns the new count from one
 * atomic increment in the ePHPm store, so every request gets a distinct number and exactly
 * the first maxAttempts ones of a window pass, however many arrive at the same moment.
 * Rejected requests are counted too; that changes nothing, since they are over the limit
 * anyway and the window still ends at the time set by the first hit.
 *
 * Everything else (named limiters, the X-RateLimit-* and Retry-After headers, the 429
 * ThrottleRequestsException) is Laravel's own. Written against Laravel 8.83's ThrottleRequests.
 */
class ThrottleRequestsExactly extends ThrottleRequests
{
    /**
     * @param  \Illuminate\Http\Request  $request
     * @param  array<int, object{key: string, maxAttempts: int, decayMinutes: int|float, responseCallback: ?callable}>  $limits
     * @return \Symfony\Component\HttpFoundation\Response
     *
     * @throws \Illuminate\Http\Exceptions\ThrottleRequestsException
     */
    protected function handleRequest($request, Closure $next, array $limits)
    {
        foreach ($limits as $limit) {
            if ($this->limiter->hit($limit->key, $limit->decayMinutes * 60) > $limit->maxAttempts) {
                throw $this->buildException($request, $limit->key, $limit->maxAttempts, $limit->responseCallback);
            }
        }

        $response = $next($request);

        foreach ($limits as $limit) {
            $response = $this->addHeaders(
                $response,
                $limit->maxAttempts,
                $this->calculateRemainingAttempts($limit->key, $limit->maxAttempts)
            );
        }

        return $response;
    }
}
