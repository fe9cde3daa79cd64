<?php

declare(strict_types=1);

namespace Ephpm\Cache\Symfony\Tests;

use Cache\IntegrationTests\CachePoolTest;
use Ephpm\Cache\Symfony\EphpmKvAdapter;
use Ephpm\Cache\Symfony\InMemoryKvOps;
use Ephpm\Cache\Symfony\SapiKvOps;
use Ephpm\Cache\Symfony\Tests\Support\KeyValidation;
use Ephpm\Kv\KvOpsInterface;
use Ephpm\Kv\Testing\TestKv;

/**
 * The PSR-6 conformance suite of php-cache/integration-tests (the one Symfony's own adapter
 * tests extend) against EphpmKvAdapter.
 *
 * Skipped only when PHP runs with assertions off: the five invalid-key cases, because
 * Symfony itself validates keys with assert() (see Support\KeyValidation for why).
 *
 * Pools created within one test share the store and the namespace, as the suite expects
 * (e.g. testDeferredSaveWithoutCommit reads through a second pool); every test gets a new
 * namespace, which the suite's tearDown clears. The suite calls sleep() itself, so the fake
 * runs on the real clock here.
 */
final class EphpmKvAdapterPoolTest extends CachePoolTest
{
    private ?KvOpsInterface $ops = null;
    private ?string $namespace = null;

    public function createCachePool(): EphpmKvAdapter
    {
        $this->skippedTests = KeyValidation::skippedTests([
            'testGetItemInvalidKeys',
            'testGetItemsInvalidKeys',
            'testHasItemInvalidKeys',
            'testDeleteItemInvalidKeys',
            'testDeleteItemsInvalidKeys',
        ]);
        $this->ops ??= TestKv::create(InMemoryKvOps::class, SapiKvOps::class, manualClock: false);
        $this->namespace ??= 'psr6-' . bin2hex(random_bytes(6));

        return new EphpmKvAdapter($this->namespace, 0, $this->ops);
    }
}
