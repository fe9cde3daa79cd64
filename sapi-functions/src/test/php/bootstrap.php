<?php

declare(strict_types=1);

// The suite needs the test-only functions KvFunctionsPhpTest registers next to the real ephpm_kv_* ones: it picks
// the store's limits per test and moves the store's clock. Plain php or `ephpm php` have neither.
foreach (['ephpm_kv_get', 'ephpm_test_kv_reset', 'ephpm_test_clock_advance', 'ephpm_test_kv_maintenance'] as $needed) {
    if (!function_exists($needed)) {
        fwrite(STDERR, "$needed() is missing: this suite runs inside ePHPm's test engine, through\n"
            . "  mvn -B -ntp -pl sapi-functions -am test -Dtest=KvFunctionsPhpTest -Dsurefire.failIfNoSpecifiedTests=false\n");
        exit(2);
    }
}

require __DIR__ . '/KvTestCase.php';
require __DIR__ . '/FunctionSignature.php';
require __DIR__ . '/EngineFunctions.php';
