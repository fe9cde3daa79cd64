<?php

declare(strict_types=1);

// Symfony Cache 5.4, the PSR-6/PSR-16 conformance suites (php-cache-integration-tests),
// PSR-16 and the DependencyInjection component come from Debian packages.
require_once __DIR__ . '/../../tools/test-autoload.php';

ephpm_test_autoload([
    'Symfony/Component/Cache/autoload.php',
    'Psr/SimpleCache/autoload.php',
    'Cache/IntegrationTests/autoload.php',
    'Symfony/Component/DependencyInjection/autoload.php',
]);
