<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel\Tests;

use Illuminate\Cache\RateLimiter;
use Illuminate\Cache\RateLimiting\Limit;
use Illuminate\Http\Exceptions\ThrottleRequestsException;
use Illuminate\Http\Request;
use Illuminate\Http\Response;
use Illuminate\Routing\Middleware\ThrottleRequests;
use Illuminate\Routing\Route;

/**
 * RateLimiter and the throttle middleware rely on add() + increment() on a value written as
 * the int 0 - exactly what must work atomically on the ePHPm store.
 */
final class RateLimiterTest extends LaravelTestCase
{
    private function limiter(): RateLimiter
    {
        return $this->app->make(RateLimiter::class);
    }

    public function testHitsAreCountedAtomicallyInTheStore(): void
    {
        $limiter = $this->limiter();
        self::assertSame(1, $limiter->hit('login:ada', 60));
        self::assertSame(2, $limiter->hit('login:ada', 60));
        self::assertSame(3, $limiter->hit('login:ada', 60));
        self::assertSame(3, $limiter->attempts('login:ada'));
        self::assertSame('3', $this->ops->get($this->root . ':cache:login:ada'), 'stored as a plain integer');
        self::assertGreaterThan(0, $this->ops->ttl($this->root . ':cache:login:ada'), 'the decay TTL survived');
        self::assertTrue($limiter->tooManyAttempts('login:ada', 3));
        self::assertFalse($limiter->tooManyAttempts('login:ada', 4));
        self::assertSame(0, $limiter->remaining('login:ada', 3));
        self::assertGreaterThan(0, $limiter->availableIn('login:ada'));
    }

    public function testTheLimitResetsAfterTheDecay(): void
    {
        $limiter = $this->limiter();
        $limiter->hit('k', 1);
        $limiter->hit('k', 1);
        self::assertTrue($limiter->tooManyAttempts('k', 2));
        $this->sleep(1.2);
        self::assertFalse($limiter->tooManyAttempts('k', 2));
        self::assertSame(0, $limiter->attempts('k'));
        self::assertSame(1, $limiter->hit('k', 1));
    }

    public function testAttemptAndClear(): void
    {
        $limiter = $this->limiter();
        self::assertSame('sent', $limiter->attempt('mail', 1, static fn () => 'sent'));
        self::assertFalse($limiter->attempt('mail', 1, static fn () => 'sent again'));
        $limiter->clear('mail');
        self::assertSame('sent', $limiter->attempt('mail', 1, static fn () => 'sent'));
    }

    public function testThrottleMiddleware(): void
    {
        $middleware = $this->app->make(ThrottleRequests::class);
        $next = static fn () => new Response('ok');

        $first = $middleware->handle($this->request(), $next, 2, 1);
        self::assertSame('ok', $first->getContent());
        self::assertSame('2', $first->headers->get('X-RateLimit-Limit'));
        self::assertSame('1', $first->headers->get('X-RateLimit-Remaining'));
        $second = $middleware->handle($this->request(), $next, 2, 1);
        self::assertSame('0', $second->headers->get('X-RateLimit-Remaining'));

        try {
            $middleware->handle($this->request(), $next, 2, 1);
            self::fail('The third request should be throttled');
        } catch (ThrottleRequestsException $e) {
            self::assertSame(429, $e->getStatusCode());
            self::assertGreaterThan(0, (int) $e->getHeaders()['Retry-After']);
        }

        $otherClient = $middleware->handle($this->request('10.0.0.2'), $next, 2, 1);
        self::assertSame('ok', $otherClient->getContent(), 'other clients are not affected');
    }

    public function testNamedLimiterThroughTheMiddleware(): void
    {
        $this->limiter()->for('api', static fn () => Limit::perMinute(1));
        $middleware = $this->app->make(ThrottleRequests::class);
        $next = static fn () => new Response('ok');
        self::assertSame('ok', $middleware->handle($this->request(), $next, 'api')->getContent());
        $this->expectException(ThrottleRequestsException::class);
        $middleware->handle($this->request(), $next, 'api');
    }

    private function request(string $ip = '10.0.0.1'): Request
    {
        $request = Request::create('/api/things', 'GET', [], [], [], ['REMOTE_ADDR' => $ip]);
        $route = new Route('GET', '/api/things', static fn () => 'ok');
        $request->setRouteResolver(static fn () => $route);

        return $request;
    }
}
