<?php

declare(strict_types=1);

namespace Ephpm\Cache\Symfony\Tests;

use Cache\IntegrationTests\SimpleCacheTest;
use Ephpm\Cache\Symfony\EphpmKvAdapter;
use Ephpm\Cache\Symfony\InMemoryKvOps;
use Ephpm\Cache\Symfony\SapiKvOps;
use Ephpm\Cache\Symfony\Tests\Support\KeyValidation;
use Ephpm\Kv\KvOpsInterface;
use Ephpm\Kv\Testing\TestKv;
use Symfony\Component\Cache\Psr16Cache;

/**
 * The PSR-16 conformance suite against Symfony's Psr16Cache wrapping EphpmKvAdapter, the
 * way PSR-16 is used with Symfony.
 *
 * Skipped only when PHP runs with assertions off: the seven invalid-key cases, because
 * Symfony itself validates keys with assert() (see Support\KeyValidation for why).
 */
final class Psr16SimpleCacheTest extends SimpleCacheTest
{
    private ?KvOpsInterface $ops = null;

    public function createSimpleCache(): Psr16Cache
    {
        $this->skippedTests = KeyValidation::skippedTests([
            'testGetInvalidKeys',
            'testGetMultipleInvalidKeys',
            'testSetInvalidKeys',
            'testSetMultipleInvalidKeys',
            'testHasInvalidKeys',
            'testDeleteInvalidKeys',
            'testDeleteMultipleInvalidKeys',
        ]);
        $this->ops ??= TestKv::create(InMemoryKvOps::class, SapiKvOps::class);

        return new Psr16Cache(new EphpmKvAdapter('psr16-' . bin2hex(random_bytes(6)), 0, $this->ops));
    }

    /**
     * The suite's hook for "let time pass": instant on the fake's manual clock, a real
     * sleep against the host.
     *
     * @param int $seconds
     */
    public function advanceTime($seconds): void
    {
        \assert($this->ops !== null);
        TestKv::sleep($this->ops, (float) $seconds);
    }
}
