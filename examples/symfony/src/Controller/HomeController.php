<?php

namespace App\Controller;

use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpKernel\Kernel;

final class HomeController
{
    public function __invoke(Request $request): Response
    {
        $base = htmlspecialchars($request->getBaseUrl());
        $server = htmlspecialchars((string) $request->server->get('SERVER_SOFTWARE', 'ePHPm'));
        $version = Kernel::VERSION;
        $php = PHP_VERSION;

        return new Response(<<<HTML
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Symfony on ePHPm</title>
            </head>
            <body>
              <h1>Symfony on ePHPm</h1>
              <p>Symfony {$version} on PHP {$php}, inside {$server}. The cache.app pool lives in ePHPm's own key-value store.</p>
              <ul>
                <li><a href="{$base}/report">GET /report</a>: a page cached for a minute in cache.app (see the X-Cache header)</li>
                <li><a href="{$base}/api/counter">GET /api/counter</a>, <code>POST /api/counter</code>: an atomic counter</li>
                <li><code>POST /api/admin/cache/clear</code> with <code>Authorization: Bearer \$ADMIN_TOKEN</code>: clears cache.app</li>
              </ul>
            </body>
            </html>
            HTML);
    }
}
