<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel\Tests;

use Illuminate\Session\CacheBasedSessionHandler;
use Illuminate\Session\Store;
use Illuminate\Support\Facades\Cache;
use Illuminate\Support\Str;

/**
 * SESSION_DRIVER=cache (and =ephpm) keep sessions in an ePHPm cache store.
 */
final class SessionTest extends LaravelTestCase
{
    public function testCacheSessionDriverStoresSessionsInTheConfiguredStore(): void
    {
        $id = Str::random(40);
        $session = $this->startSession($id);
        self::assertInstanceOf(CacheBasedSessionHandler::class, $session->getHandler());
        $session->put('user_id', 42);
        $session->save();

        self::assertNotNull($this->ops->get($this->root . ':sessions:' . $id), 'kept under the sessions store prefix');

        $again = $this->startSession($id);
        self::assertSame(42, $again->get('user_id'));
    }

    public function testFlushingTheCacheKeepsTheSessions(): void
    {
        $id = Str::random(40);
        $session = $this->startSession($id);
        $session->put('cart', ['book']);
        $session->save();

        Cache::put('k', 'v', 60);
        Cache::flush();

        self::assertNull(Cache::get('k'));
        self::assertSame(['book'], $this->startSession($id)->get('cart'));
    }

    public function testInvalidatingASessionDeletesIt(): void
    {
        $id = Str::random(40);
        $session = $this->startSession($id);
        $session->put('a', 1);
        $session->save();
        $session->invalidate();
        self::assertNull($this->ops->get($this->root . ':sessions:' . $id));
    }

    public function testEphpmSessionDriverDefaultsToTheEphpmStore(): void
    {
        $this->app = $this->createApplication(['session' => ['driver' => 'ephpm', 'store' => null]]);
        $id = Str::random(40);
        $session = $this->startSession($id);
        $session->put('x', 'y');
        $session->save();
        self::assertNotNull($this->ops->get($this->root . ':cache:' . $id));
        self::assertSame('y', $this->startSession($id)->get('x'));
    }

    public function testCacheSessionDriverDefaultsToTheDefaultStore(): void
    {
        $this->app = $this->createApplication([
            'session' => ['driver' => 'cache', 'store' => null],
            'cache' => ['default' => 'second'],
        ]);
        $id = Str::random(40);
        $session = $this->startSession($id);
        $session->put('x', 'y');
        $session->save();
        self::assertNotNull($this->ops->get($this->root . ':second:' . $id));
    }

    private function startSession(string $id): Store
    {
        // A fresh driver instance each time, like a new request.
        $manager = $this->app->make('session');
        $manager->forgetDrivers();
        $session = $manager->driver();
        \assert($session instanceof Store);
        $session->setId($id);
        $session->start();

        return $session;
    }
}
