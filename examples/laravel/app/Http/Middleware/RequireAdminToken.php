<?php

namespace App\Http\Middleware;

use Closure;
use Illuminate\Http\Request;

/**
 * Guards the admin routes with a shared secret sent as "Authorization: Bearer <token>".
 * The token is ADMIN_TOKEN in .env; while it is empty the admin routes answer 403 to
 * everybody, so a fresh checkout exposes no cache flush. A real application would put
 * these routes behind its own authentication instead.
 */
class RequireAdminToken
{
    public function handle(Request $request, Closure $next)
    {
        $expected = (string) config('app.admin_token');
        $given = (string) $request->bearerToken();

        if ($expected === '' || !hash_equals($expected, $given)) {
            return response()->json(['error' => 'admin token missing or wrong (ADMIN_TOKEN in .env)'], 403);
        }

        return $next($request);
    }
}
