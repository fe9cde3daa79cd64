<?php

declare(strict_types=1);

/*
 * End-to-end checks of the example applications, over real HTTP against a running
 * `ephpm serve` (scripts/test-examples.sh starts the servers and calls this).
 *
 *   php e2e.php laravel BASE_URL LARAVEL_DIR   the Laravel app alone (examples/laravel/ephpm.toml)
 *   php e2e.php symfony BASE_URL               the Symfony app alone (examples/symfony/ephpm.toml)
 *   php e2e.php shared  BASE_URL               both apps in one server and one store
 *                                              (examples/tests/shared-store/ephpm.toml)
 *
 * E2E_ADMIN_TOKEN must hold the ADMIN_TOKEN both apps were configured with.
 * Prints one line per check and "<suite>: N passed, M failed"; exits 1 when any failed.
 * Every check runs against a server whose store holds only what earlier checks of the same
 * suite wrote, in the order below.
 */

namespace Ephpm\Examples\Tests;

require __DIR__ . '/http.php';

/** Requests per client and clients for the concurrent increments. */
const CLIENTS = 8;
const REQUESTS_PER_CLIENT = 200;
/** App\Providers\RouteServiceProvider::DEMO_LIMIT_PER_MINUTE in the Laravel example. */
const LARAVEL_DEMO_LIMIT = 5;
const LARAVEL_CACHE_PREFIX = 'laravel-example:';
const LARAVEL_SESSION_PREFIX = 'laravel-example-sessions:';

function check(bool $ok, string $message): void
{
    if (!$ok) {
        throw new CheckFailed($message);
    }
}

function same(mixed $expected, mixed $actual, string $what): void
{
    if ($expected !== $actual) {
        throw new CheckFailed($what . ': expected ' . var_export($expected, true) . ', got ' . var_export($actual, true));
    }
}

function status(int $expected, Response $response, string $what): Response
{
    if ($response->status !== $expected) {
        throw new CheckFailed("{$what}: expected HTTP {$expected}, got {$response->summary()}");
    }

    return $response;
}

/** The time a cached report page says it was rendered at. */
function renderedAt(Response $page): string
{
    if (!preg_match('{<time id="rendered-at">([^<]+)</time>}', $page->body, $m)) {
        throw new CheckFailed('no rendered-at time in the report page: ' . $page->summary());
    }

    return $m[1];
}

/** Runs named checks in order and counts them; a check passes only if it ran to its end. */
final class Checks
{
    private int $passed = 0;
    private int $failed = 0;

    public function __construct(private readonly string $suite)
    {
    }

    public function run(string $name, \Closure $check): void
    {
        $started = microtime(true);
        try {
            $check();
            ++$this->passed;
            printf("ok     %s (%.1f s)\n", $name, microtime(true) - $started);
        } catch (\Throwable $e) {
            ++$this->failed;
            $where = $e instanceof CheckFailed ? '' : ' [' . get_class($e) . ' at ' . basename($e->getFile()) . ':' . $e->getLine() . ']';
            printf("FAILED %s\n       %s%s\n", $name, $e->getMessage(), $where);
        }
    }

    public function finish(): int
    {
        printf("%s: %d passed, %d failed\n", $this->suite, $this->passed, $this->failed);

        return $this->failed === 0 ? 0 : 1;
    }
}

/** One application reached through a server: its URL prefix, and its clients. */
final class App
{
    public function __construct(public readonly string $baseUrl, public readonly string $prefix)
    {
    }

    public function url(string $path): string
    {
        return $this->baseUrl . $this->prefix . $path;
    }

    public function client(): HttpClient
    {
        return new HttpClient($this->baseUrl . $this->prefix);
    }

    /** @return array<int, string> */
    public static function adminHeaders(?string $token = null): array
    {
        return ['Authorization: Bearer ' . ($token ?? adminToken())];
    }
}

function adminToken(): string
{
    $token = getenv('E2E_ADMIN_TOKEN');
    if (!is_string($token) || $token === '') {
        fwrite(STDERR, "E2E_ADMIN_TOKEN is not set\n");
        exit(2);
    }

    return $token;
}

/** Asserts that GET /report renders once and then comes from the cache; returns the rendered-at time. */
function reportIsCached(App $app): string
{
    $client = $app->client();
    $first = status(200, $client->get('/report'), 'first GET /report');
    $second = status(200, $client->get('/report'), 'second GET /report');
    $third = status(200, $app->client()->get('/report'), 'GET /report from another client');
    same('MISS', $first->header('X-Cache'), 'X-Cache of the first request');
    same('HIT', $second->header('X-Cache'), 'X-Cache of the second request');
    same('HIT', $third->header('X-Cache'), 'X-Cache for another client');
    same($first->body, $second->body, 'the cached page is the page that was rendered');
    same($first->body, $third->body, 'every client gets the cached page');

    return renderedAt($first);
}

/**
 * Sends CLIENTS x REQUESTS_PER_CLIENT concurrent POSTs to $path of each app and checks
 * that every increment was counted exactly once: the returned values are exactly
 * before+1 .. before+total, each once, and the counter ends at before+total.
 *
 * @param list<App> $apps
 */
function incrementsAreExact(array $apps, int $clientsPerApp, int $requestsPerClient): void
{
    $before = [];
    $plans = [];
    foreach ($apps as $i => $app) {
        $before[$i] = status(200, $app->client()->get('/api/counter'), 'GET /api/counter')->json()['visits'];
        array_push($plans, ...RequestPlan::clients($clientsPerApp, 'POST', $app->url('/api/counter'), $requestsPerClient));
    }
    // Interleave the apps' clients so that their requests really are mixed.
    $order = [];
    for ($c = 0; $c < $clientsPerApp; ++$c) {
        foreach ($apps as $i => $app) {
            $order[] = $i * $clientsPerApp + $c;
        }
    }
    $responses = HttpClient::concurrently(array_map(static fn (int $k) => $plans[$k], $order));

    $total = $clientsPerApp * $requestsPerClient;
    foreach ($apps as $i => $app) {
        $values = [];
        foreach ($order as $position => $k) {
            if (intdiv($k, $clientsPerApp) !== $i) {
                continue;
            }
            foreach ($responses[$position] as $response) {
                $values[] = status(200, $response, "concurrent POST {$app->prefix}/api/counter")->json()['visits'];
            }
        }
        same($total, count($values), "responses from {$app->prefix}/api/counter");
        sort($values);
        same(range($before[$i] + 1, $before[$i] + $total), $values, "values returned by {$app->prefix}/api/counter (each exactly once)");
        $after = status(200, $app->client()->get('/api/counter'), 'GET /api/counter')->json()['visits'];
        same($before[$i] + $total, $after, "{$app->prefix}/api/counter after {$total} concurrent increments");
    }
}

function laravelDiscoveredTheProvider(string $laravelDir): void
{
    $manifest = $laravelDir . '/bootstrap/cache/packages.php';
    check(is_file($manifest), "{$manifest} was not written (package discovery did not run)");
    $packages = require $manifest;
    same(
        ['Ephpm\Cache\Laravel\EphpmCacheServiceProvider'],
        $packages['ephpm/cache-laravel']['providers'] ?? null,
        'providers discovered for ephpm/cache-laravel',
    );
    $appConfig = (string) file_get_contents($laravelDir . '/config/app.php');
    check(
        !str_contains($appConfig, 'EphpmCacheServiceProvider::class'),
        'config/app.php lists the provider itself, so discovery is not what registers it',
    );
}

/** @return array{0: HttpClient, 1: string} the client and its session id, after $visits visits */
function laravelSessionVisits(App $app, int $visits): array
{
    $client = $app->client();
    $id = null;
    for ($n = 1; $n <= $visits; ++$n) {
        $data = status(200, $client->get('/session'), "GET /session #{$n}")->json();
        same($n, $data['visits'], "visits counted in the session after {$n} requests");
        $id ??= $data['session_id'];
        same($id, $data['session_id'], 'the session id stays the same');
    }

    return [$client, $id];
}

function laravelRateLimitSequential(App $app): void
{
    $client = $app->client();
    for ($n = 1; $n <= LARAVEL_DEMO_LIMIT; ++$n) {
        $ok = status(200, $client->get('/limited'), "GET /limited #{$n} (within the limit)");
        same((string) LARAVEL_DEMO_LIMIT, $ok->header('X-RateLimit-Limit'), 'X-RateLimit-Limit');
        same((string) (LARAVEL_DEMO_LIMIT - $n), $ok->header('X-RateLimit-Remaining'), "X-RateLimit-Remaining after {$n}");
    }
    for ($n = LARAVEL_DEMO_LIMIT + 1; $n <= LARAVEL_DEMO_LIMIT + 2; ++$n) {
        $rejected = status(429, $client->get('/limited'), "GET /limited #{$n} (over the limit)");
        $retryAfter = (int) $rejected->header('Retry-After');
        check($retryAfter >= 1 && $retryAfter <= 60, "Retry-After should be 1..60 s, was {$rejected->header('Retry-After')}");
        same('0', $rejected->header('X-RateLimit-Remaining'), 'X-RateLimit-Remaining when rejected');
    }
}

function laravelAdminNeedsTheToken(App $app): void
{
    $client = $app->client();
    status(403, $client->post('/api/admin/cache/clear'), 'flush without a token');
    status(403, $client->post('/api/admin/cache/clear', App::adminHeaders('wrong-' . adminToken())), 'flush with a wrong token');
}

function laravelFlush(App $app): void
{
    $data = status(200, $app->client()->post('/api/admin/cache/clear', App::adminHeaders()), 'flush with the token')->json();
    same(true, $data['flushed'], 'Cache::flush() result');
    same(LARAVEL_CACHE_PREFIX, $data['prefix'], 'the flushed prefix');
}

function symfonyClear(App $app): void
{
    $client = $app->client();
    status(403, $client->post('/api/admin/cache/clear'), 'clear without a token');
    status(403, $client->post('/api/admin/cache/clear', App::adminHeaders('wrong-' . adminToken())), 'clear with a wrong token');
    $data = status(200, $client->post('/api/admin/cache/clear', App::adminHeaders()), 'clear with the token')->json();
    same(true, $data['cleared'], 'cache.app clear() result');
}

/** @param list<string> $keys @return array{exists: array<string, bool>, stats: array<string, int>} */
function probe(string $baseUrl, array $keys = []): array
{
    $query = implode('&', array_map(static fn (string $k) => 'keys[]=' . rawurlencode($k), $keys));
    $data = status(200, (new HttpClient($baseUrl))->get('/kv-probe.php?' . $query), 'kv-probe.php')->json();

    return ['exists' => $data['exists'], 'stats' => $data['stats']];
}

function laravelSuite(string $baseUrl, string $laravelDir): int
{
    $checks = new Checks('laravel');
    $app = new App($baseUrl, '');
    $checks->run('home page renders (Laravel 8.83 from Debian)', static function () use ($app): void {
        $home = status(200, $app->client()->get('/'), 'GET /');
        check(str_contains($home->body, 'Laravel 8.83'), 'no "Laravel 8.83" on the home page: ' . $home->summary());
    });
    $checks->run('package discovery registered EphpmCacheServiceProvider', static fn () => laravelDiscoveredTheProvider($laravelDir));
    $checks->run('GET /report is rendered once, then served from the ephpm cache', static fn () => reportIsCached($app));
    $checks->run('the session survives across requests, one per client', static function () use ($app): void {
        [, $first] = laravelSessionVisits($app, 3);
        [, $second] = laravelSessionVisits($app, 1);
        check($first !== $second, 'two clients got the same session');
    });
    $checks->run('throttle passes ' . LARAVEL_DEMO_LIMIT . ' requests and rejects the next ones with 429', static fn () => laravelRateLimitSequential($app));
    $checks->run(sprintf('%d clients x %d concurrent Cache::increment() are exact', CLIENTS, REQUESTS_PER_CLIENT),
        static fn () => incrementsAreExact([$app], CLIENTS, REQUESTS_PER_CLIENT));
    $checks->run('the admin flush refuses requests without the right token', static fn () => laravelAdminNeedsTheToken($app));
    $checks->run('Cache::flush() empties the cache and keeps the sessions', static function () use ($app): void {
        [$visitor] = laravelSessionVisits($app, 2);
        same('HIT', status(200, $app->client()->get('/report'), 'GET /report')->header('X-Cache'), 'X-Cache before the flush');
        laravelFlush($app);
        same(0, status(200, $app->client()->get('/api/counter'), 'GET /api/counter')->json()['visits'], 'the counter after the flush');
        $page = status(200, $app->client()->get('/report'), 'GET /report after the flush');
        same('MISS', $page->header('X-Cache'), 'X-Cache after the flush');
        same(3, status(200, $visitor->get('/session'), 'GET /session after the flush')->json()['visits'], 'visits in the session after the flush');
    });

    return $checks->finish();
}

function symfonySuite(string $baseUrl): int
{
    $checks = new Checks('symfony');
    $app = new App($baseUrl, '');
    $checks->run('home page renders (Symfony 5.4 from Debian)', static function () use ($app): void {
        $home = status(200, $app->client()->get('/'), 'GET /');
        check(str_contains($home->body, 'Symfony 5.4'), 'no "Symfony 5.4" on the home page: ' . $home->summary());
    });
    $checks->run('GET /report is rendered once, then served from cache.app', static fn () => reportIsCached($app));
    $checks->run('an unknown path is Symfony\'s 404', static function () use ($app): void {
        status(404, $app->client()->get('/no-such-page'), 'GET /no-such-page');
    });
    $checks->run(sprintf('%d clients x %d concurrent counter increments are exact', CLIENTS, REQUESTS_PER_CLIENT),
        static fn () => incrementsAreExact([$app], CLIENTS, REQUESTS_PER_CLIENT));
    $checks->run('clearing cache.app needs the token, empties the pool and keeps the counter', static function () use ($app): void {
        $visits = status(200, $app->client()->get('/api/counter'), 'GET /api/counter')->json()['visits'];
        same('HIT', status(200, $app->client()->get('/report'), 'GET /report')->header('X-Cache'), 'X-Cache before the clear');
        symfonyClear($app);
        same('MISS', status(200, $app->client()->get('/report'), 'GET /report')->header('X-Cache'), 'X-Cache after the clear');
        same($visits, status(200, $app->client()->get('/api/counter'), 'GET /api/counter')->json()['visits'], 'the counter after the clear');
    });

    return $checks->finish();
}

function sharedSuite(string $baseUrl): int
{
    $checks = new Checks('shared store');
    $laravel = new App($baseUrl, '/laravel/index.php');
    $symfony = new App($baseUrl, '/symfony/index.php');
    $state = new \stdClass();

    $checks->run('both apps serve from one server', static function () use ($laravel, $symfony): void {
        check(str_contains(status(200, $laravel->client()->get('/'), 'Laravel GET /')->body, 'Laravel 8.83'), 'not the Laravel home page');
        check(str_contains(status(200, $symfony->client()->get('/'), 'Symfony GET /')->body, 'Symfony 5.4'), 'not the Symfony home page');
    });
    $checks->run('both apps write their keys into the one ePHPm store', static function () use ($baseUrl, $laravel, $symfony, $state): void {
        $state->laravelReport = reportIsCached($laravel);
        [$state->visitor, $state->sessionId] = laravelSessionVisits($laravel, 2);
        foreach ([1, 2, 3] as $n) {
            same($n, status(200, $laravel->client()->post('/api/counter'), 'Laravel POST /api/counter')->json()['visits'], 'Laravel counter');
        }
        $state->symfonyReport = reportIsCached($symfony);
        foreach ([1, 2] as $n) {
            same($n, status(200, $symfony->client()->post('/api/counter'), 'Symfony POST /api/counter')->json()['visits'], 'Symfony counter');
        }
        $state->laravelKeys = [
            LARAVEL_CACHE_PREFIX . 'pages:report',
            LARAVEL_CACHE_PREFIX . 'visits',
            LARAVEL_SESSION_PREFIX . $state->sessionId,
        ];
        $found = probe($baseUrl, $state->laravelKeys)['exists'];
        same(array_fill_keys($state->laravelKeys, true), $found, 'Laravel cache and session keys in the store');
        // Symfony's pool namespace is a hash chosen by Symfony, so it is seen through the
        // store's counters: one cache.app hit is exactly one hit in the shared store.
        $before = probe($baseUrl)['stats'];
        same('HIT', status(200, $symfony->client()->get('/report'), 'Symfony GET /report')->header('X-Cache'), 'Symfony X-Cache');
        $after = probe($baseUrl)['stats'];
        same([1, 0], [$after['hits'] - $before['hits'], $after['misses'] - $before['misses']], 'store hits and misses added by one Symfony cache hit');
    });
    $checks->run('concurrent increments through both apps at once are exact', static function () use ($laravel, $symfony): void {
        incrementsAreExact([$laravel, $symfony], intdiv(CLIENTS, 2), intdiv(REQUESTS_PER_CLIENT, 2));
    });
    $checks->run(sprintf('throttle: %d requests sent at once, exactly %d pass', LARAVEL_DEMO_LIMIT + 1, LARAVEL_DEMO_LIMIT), static function () use ($laravel): void {
        $responses = HttpClient::concurrently(RequestPlan::clients(LARAVEL_DEMO_LIMIT + 1, 'GET', $laravel->url('/limited'), 1));
        $statuses = array_map(static fn (array $r) => $r[0]->status, $responses);
        sort($statuses);
        same(array_merge(array_fill(0, LARAVEL_DEMO_LIMIT, 200), [429]), $statuses, 'statuses of the simultaneous requests');
    });
    $checks->run('Laravel Cache::flush() leaves Laravel sessions and Symfony\'s cache alone', static function () use ($baseUrl, $laravel, $symfony, $state): void {
        $symfonyVisits = status(200, $symfony->client()->get('/api/counter'), 'Symfony GET /api/counter')->json()['visits'];
        laravelFlush($laravel);
        [$report, $counter, $session] = $state->laravelKeys;
        same([$report => false, $counter => false, $session => true], probe($baseUrl, $state->laravelKeys)['exists'], 'Laravel keys after the flush');
        same(3, status(200, $state->visitor->get('/session'), 'Laravel GET /session')->json()['visits'], 'the Laravel session after the flush');
        same('MISS', status(200, $laravel->client()->get('/report'), 'Laravel GET /report')->header('X-Cache'), 'Laravel X-Cache after its flush');
        $page = status(200, $symfony->client()->get('/report'), 'Symfony GET /report');
        same('HIT', $page->header('X-Cache'), 'Symfony X-Cache after the Laravel flush');
        same($state->symfonyReport, renderedAt($page), 'Symfony serves the page it cached before');
        same($symfonyVisits, status(200, $symfony->client()->get('/api/counter'), 'Symfony GET /api/counter')->json()['visits'], 'the Symfony counter');
    });
    $checks->run('Symfony cache.app clear() leaves Laravel\'s cache and sessions alone', static function () use ($baseUrl, $laravel, $symfony, $state): void {
        $laravelPage = status(200, $laravel->client()->get('/report'), 'Laravel GET /report');
        same('HIT', $laravelPage->header('X-Cache'), 'Laravel X-Cache before the Symfony clear');
        symfonyClear($symfony);
        same('MISS', status(200, $symfony->client()->get('/report'), 'Symfony GET /report')->header('X-Cache'), 'Symfony X-Cache after its clear');
        $again = status(200, $laravel->client()->get('/report'), 'Laravel GET /report');
        same('HIT', $again->header('X-Cache'), 'Laravel X-Cache after the Symfony clear');
        same(renderedAt($laravelPage), renderedAt($again), 'Laravel serves the page it cached before');
        same(4, status(200, $state->visitor->get('/session'), 'Laravel GET /session')->json()['visits'], 'the Laravel session after the Symfony clear');
        [$report, , $session] = $state->laravelKeys;
        same([$report => true, $session => true], probe($baseUrl, [$report, $session])['exists'], 'Laravel keys after the Symfony clear');
    });

    return $checks->finish();
}

$suite = $argv[1] ?? '';
$baseUrl = rtrim($argv[2] ?? '', '/');
$laravelDir = $argv[3] ?? '';
exit(match (true) {
    $suite === 'laravel' && $baseUrl !== '' && $laravelDir !== '' => laravelSuite($baseUrl, $laravelDir),
    $suite === 'symfony' && $baseUrl !== '' => symfonySuite($baseUrl),
    $suite === 'shared' && $baseUrl !== '' => sharedSuite($baseUrl),
    default => (static function (): int {
        fwrite(STDERR, "usage: php e2e.php laravel BASE_URL LARAVEL_DIR | symfony BASE_URL | shared BASE_URL\n");

        return 2;
    })(),
});
