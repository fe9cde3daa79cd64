<?php

use Illuminate\Support\Env;

/*
 * Read .env into $_ENV and $_SERVER only, not into the process environment with putenv().
 * ePHPm runs PHP inside one long-lived server process; with a thread-safe PHP build several
 * requests (of this app or of another app in the same server) run at once, and putenv()
 * would change the environment they all share. Laravel's env() reads $_ENV and $_SERVER.
 */
Env::disablePutenv();

$app = new Illuminate\Foundation\Application(
    $_ENV['APP_BASE_PATH'] ?? dirname(__DIR__)
);

$app->singleton(
    Illuminate\Contracts\Http\Kernel::class,
    App\Http\Kernel::class
);

$app->singleton(
    Illuminate\Contracts\Console\Kernel::class,
    App\Console\Kernel::class
);

$app->singleton(
    Illuminate\Contracts\Debug\ExceptionHandler::class,
    App\Exceptions\Handler::class
);

return $app;
