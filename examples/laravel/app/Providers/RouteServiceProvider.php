<?php

namespace App\Providers;

use Illuminate\Cache\RateLimiting\Limit;
use Illuminate\Foundation\Support\Providers\RouteServiceProvider as ServiceProvider;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\RateLimiter;
use Illuminate\Support\Facades\Route;

class RouteServiceProvider extends ServiceProvider
{
    /** Requests per minute and client IP that the "demo" limiter lets through. */
    public const DEMO_LIMIT_PER_MINUTE = 5;

    public function boot(): void
    {
        RateLimiter::for('demo', function (Request $request) {
            return Limit::perMinute(self::DEMO_LIMIT_PER_MINUTE)->by($request->ip());
        });

        $this->routes(function () {
            Route::prefix('api')
                ->middleware('api')
                ->group(base_path('routes/api.php'));

            Route::middleware('web')
                ->group(base_path('routes/web.php'));
        });
    }
}
