<?php

namespace App\Http\Controllers;

use Illuminate\Contracts\Cache\Repository as Cache;
use Illuminate\Http\Response;

/**
 * A page cached whole: the rendered HTML is kept in the default cache store (ephpm) for a
 * minute, so only the first request in that minute pays for the report. X-Cache tells
 * whether this response was rendered (MISS) or came from the cache (HIT).
 */
class ReportPageController
{
    public function __invoke(Cache $cache): Response
    {
        $rendered = false;
        $html = $cache->remember('pages:report', 60, function () use (&$rendered): string {
            $rendered = true;
            $started = microtime(true);
            $primes = $this->primesBelow(200_000);

            return view('report', [
                'count' => count($primes),
                'largest' => end($primes),
                'renderedAt' => now()->toIso8601String(),
                'millis' => round((microtime(true) - $started) * 1000, 1),
            ])->render();
        });

        return response($html)->header('X-Cache', $rendered ? 'MISS' : 'HIT');
    }

    /**
     * The "expensive" part of the page: a sieve of Eratosthenes.
     *
     * @return list<int>
     */
    private function primesBelow(int $limit): array
    {
        $composite = array_fill(0, $limit, false);
        $primes = [];
        for ($n = 2; $n < $limit; ++$n) {
            if ($composite[$n]) {
                continue;
            }
            $primes[] = $n;
            for ($m = $n * $n; $m < $limit; $m += $n) {
                $composite[$m] = true;
            }
        }

        return $primes;
    }
}
