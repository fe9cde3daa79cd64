<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use Ephpm\Kv\KvOpsInterface;
use Ephpm\Kv\Testing\TestKv;
use PHPUnit\Framework\TestCase;

/**
 * Base for tests that must pass identically against the fake and the real store: every
 * key lives under a per-test prefix that is deleted afterwards, because inside ePHPm the
 * store is shared with whatever else runs there.
 */
abstract class KvTestCase extends TestCase
{
    protected KvOpsInterface $ops;
    protected string $p;

    protected function setUp(): void
    {
        $this->ops = TestKv::create();
        $this->p = TestKv::uniquePrefix();
    }

    protected function tearDown(): void
    {
        $this->ops->delPrefix($this->p);
    }

    protected function sleep(float $seconds): void
    {
        TestKv::sleep($this->ops, $seconds);
    }
}
