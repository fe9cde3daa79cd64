<?php

declare(strict_types=1);

// Laravel comes from Debian's php-laravel-framework (Illuminate/autoload.php loads every
// illuminate/* component, Foundation included, plus their dependencies).
require_once __DIR__ . '/../../tools/test-autoload.php';

ephpm_test_autoload(['Illuminate/autoload.php']);
