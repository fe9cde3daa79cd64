<?php

namespace App\Controller;

use Ephpm\Cache\Symfony\KvOpsInterface;
use Ephpm\Kv\Counter;
use Symfony\Component\HttpFoundation\JsonResponse;

/**
 * A visit counter next to the cache pool, in the same ePHPm store. A PSR-6 pool has no
 * increment, and get-add-save in PHP would lose counts under concurrent requests; the
 * store's own atomic increment (ephpm_kv_incr_by) does not. The key is outside cache.app's
 * namespace, so clearing the cache keeps the count.
 */
final class CounterController
{
    private const KEY = 'symfony-example:visits';

    public function __construct(
        private readonly Counter $counter,
        private readonly KvOpsInterface $kv,
    ) {
    }

    public function show(): JsonResponse
    {
        return new JsonResponse(['visits' => (int) ($this->kv->get(self::KEY) ?? 0)]);
    }

    public function increment(): JsonResponse
    {
        return new JsonResponse(['visits' => $this->counter->incrementBy(self::KEY, 1)]);
    }
}
