<?php

namespace App\Controller;

use Symfony\Component\HttpFoundation\Response;
use Symfony\Contracts\Cache\CacheInterface;
use Symfony\Contracts\Cache\ItemInterface;

/**
 * A page cached whole in cache.app for a minute: the callback runs only on a miss (and
 * Symfony's get() lets one request recompute while others wait). X-Cache tells whether
 * this response was rendered (MISS) or came from the cache (HIT).
 */
final class ReportPageController
{
    public function __invoke(CacheInterface $cache): Response
    {
        $rendered = false;
        $html = $cache->get('page.report', function (ItemInterface $item) use (&$rendered): string {
            $item->expiresAfter(60);
            $rendered = true;
            $started = microtime(true);
            $digest = self::hashChain('ePHPm', 100_000);
            $renderedAt = (new \DateTimeImmutable('now', new \DateTimeZone('UTC')))->format(DATE_ATOM);
            $millis = round((microtime(true) - $started) * 1000, 1);

            return <<<HTML
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Report</title></head>
                <body>
                  <h1>100,000 rounds of SHA-256</h1>
                  <p>Starting from "ePHPm", the chain ends in <code>{$digest}</code>.</p>
                  <p>Rendered at <time id="rendered-at">{$renderedAt}</time> in {$millis} ms, then cached for a minute.</p>
                </body>
                </html>
                HTML;
        });

        return new Response($html, 200, ['X-Cache' => $rendered ? 'MISS' : 'HIT']);
    }

    /** The "expensive" part of the page: SHA-256 applied $rounds times. */
    private static function hashChain(string $seed, int $rounds): string
    {
        $hash = $seed;
        for ($i = 0; $i < $rounds; ++$i) {
            $hash = hash('sha256', $hash, true);
        }

        return bin2hex($hash);
    }
}
