<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use Ephpm\Kv\Exception\KvException;
use Ephpm\Kv\Exception\KvUnavailableException;
use Ephpm\Kv\SapiKvOps;
use PHPUnit\Framework\TestCase;

final class SapiKvOpsTest extends TestCase
{
    /**
     * One test for the two places the suite runs, instead of one per place with the other
     * skipped: run-tests.sh runs it on plain php-cli (outside) and inside `ephpm php` and the
     * emulated host (inside), so each branch is checked on every full run.
     */
    public function testOutsideEphpmItExplainsItselfAndInsideEveryHostFunctionWorks(): void
    {
        if (!SapiKvOps::isAvailable()) {
            self::assertContains('ephpm_kv_get', SapiKvOps::missingFunctions());
            try {
                new SapiKvOps();
                self::fail('Expected KvUnavailableException');
            } catch (KvUnavailableException $e) {
                self::assertInstanceOf(KvException::class, $e);
                self::assertStringContainsString('ephpm_kv_get()', $e->getMessage());
                self::assertStringContainsString('InMemoryKvOps', $e->getMessage());
            }

            return;
        }
        self::assertSame([], SapiKvOps::missingFunctions());
        $ops = new SapiKvOps();
        $key = 'kvtest:' . bin2hex(random_bytes(6));
        self::assertTrue($ops->set($key, 'v', 10));
        self::assertSame('v', $ops->get($key));
        self::assertSame(1, $ops->del($key));
    }
}
