<?php

namespace App\Http\Controllers;

use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;

/**
 * Counts this visitor's requests in their session. The session lives in the
 * "ephpm_sessions" cache store (SESSION_DRIVER=cache, SESSION_STORE=ephpm_sessions), under
 * its own prefix, so flushing the cache does not log anybody out.
 */
class SessionVisitsController
{
    public function __invoke(Request $request): JsonResponse
    {
        $session = $request->session();

        return response()->json([
            'visits' => $session->increment('visits'),
            // Shown so that you can find it in the store: the key is "<prefix>:<session id>".
            'session_id' => $session->getId(),
        ]);
    }
}
