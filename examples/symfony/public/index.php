<?php

use App\Kernel;
use Symfony\Component\Dotenv\Dotenv;
use Symfony\Component\HttpFoundation\Request;

// The classic front controller: symfony/runtime's vendor/autoload_runtime.php is written by
// a Composer plugin, which the Debian-provided framework does not ship.
require dirname(__DIR__).'/vendor/autoload.php';

// Fills $_ENV and $_SERVER from .env, .env.local, .env.$APP_ENV, ... never with putenv():
// ePHPm runs PHP in one long-lived process, and a thread-safe PHP serves several requests
// (of this app or another one) at once, so the process environment is shared by all of them.
(new Dotenv())->bootEnv(dirname(__DIR__).'/.env');

$kernel = new Kernel($_SERVER['APP_ENV'], (bool) $_SERVER['APP_DEBUG']);
$request = Request::createFromGlobals();
$response = $kernel->handle($request);
$response->send();
$kernel->terminate($request, $response);
