<?php

declare(strict_types=1);

namespace Ephpm\Cache\Symfony\Tests\Support;

use Ephpm\Cache\Symfony\EphpmKvAdapter;
use Ephpm\Cache\Symfony\InMemoryKvOps;
use Ephpm\Cache\Symfony\SapiKvOps;
use Ephpm\Kv\KvOpsInterface;
use Ephpm\Kv\Testing\TestKv;
use PHPUnit\Framework\TestCase;

/**
 * Fake on php-cli, real store inside ePHPm; every namespace of a test starts with a unique
 * root that is deleted afterwards, because inside ePHPm the store is shared.
 */
abstract class SymfonyTestCase extends TestCase
{
    protected KvOpsInterface $ops;
    protected MemoryLogger $logger;

    /** Unique root of every namespace and key of this test (ends with "-"). */
    protected string $root;

    protected function setUp(): void
    {
        $this->ops = TestKv::create(InMemoryKvOps::class, SapiKvOps::class);
        $this->root = 'sftest-' . bin2hex(random_bytes(6)) . '-';
        $this->logger = new MemoryLogger();
    }

    protected function tearDown(): void
    {
        $this->ops->delPrefix($this->root);
    }

    protected function pool(
        string $namespace = 'app',
        int $defaultLifetime = 0,
        ?KvOpsInterface $ops = null,
    ): EphpmKvAdapter {
        $pool = new EphpmKvAdapter($this->root . $namespace, $defaultLifetime, $ops ?? $this->ops);
        $pool->setLogger($this->logger);

        return $pool;
    }

    protected function sleep(float $seconds): void
    {
        TestKv::sleep($this->ops, $seconds);
    }
}
