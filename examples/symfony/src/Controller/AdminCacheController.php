<?php

namespace App\Controller;

use Psr\Cache\CacheItemPoolInterface;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;

/**
 * `bin/console cache:pool:clear cache.app` as a route. The pool lives inside the ePHPm server
 * process, so a shell command (a different process) cannot reach it; code running in the
 * server can. clear() deletes the pool's namespace and nothing else: other pools, the
 * counter, other applications and the rest of the server's store stay.
 *
 * Guarded by ADMIN_TOKEN ("Authorization: Bearer <token>"); while it is empty the route
 * answers 403 to everybody. A real application would use its own authentication here.
 */
final class AdminCacheController
{
    public function __construct(private readonly string $adminToken)
    {
    }

    public function __invoke(Request $request, CacheItemPoolInterface $cache): JsonResponse
    {
        $given = (string) preg_replace('/^Bearer\s+/i', '', (string) $request->headers->get('Authorization', ''));
        if ($this->adminToken === '' || !hash_equals($this->adminToken, $given)) {
            return new JsonResponse(['error' => 'admin token missing or wrong (ADMIN_TOKEN in .env.local)'], 403);
        }

        return new JsonResponse(['cleared' => $cache->clear()]);
    }
}
