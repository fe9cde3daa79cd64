<?php

declare(strict_types=1);

// The kv package has no framework dependency: only our own PSR-4 classes are needed.
require_once __DIR__ . '/../../tools/test-autoload.php';

ephpm_test_autoload([]);
