<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use Ephpm\Kv\Exception\KvException;
use Ephpm\Kv\Exception\KvUnavailableException;
use Ephpm\Kv\SapiKvOps;
use PHPUnit\Framework\TestCase;

final class SapiKvOpsTest extends TestCase
{
    public function testOutsideEphpmItFailsWithAnExplanation(): void
    {
        if (SapiKvOps::isAvailable()) {
            self::markTestSkipped('Running inside ePHPm: the host functions exist.');
        }
        self::assertContains('ephpm_kv_get', SapiKvOps::missingFunctions());
        try {
            new SapiKvOps();
            self::fail('Expected KvUnavailableException');
        } catch (KvUnavailableException $e) {
            self::assertInstanceOf(KvException::class, $e);
            self::assertStringContainsString('ephpm_kv_get()', $e->getMessage());
            self::assertStringContainsString('InMemoryKvOps', $e->getMessage());
        }
    }

    public function testInsideEphpmEveryHostFunctionIsThere(): void
    {
        if (!SapiKvOps::isAvailable()) {
            self::markTestSkipped('Not running inside ePHPm.');
        }
        self::assertSame([], SapiKvOps::missingFunctions());
        $ops = new SapiKvOps();
        $key = 'kvtest:' . bin2hex(random_bytes(6));
        self::assertTrue($ops->set($key, 'v', 10));
        self::assertSame('v', $ops->get($key));
        self::assertSame(1, $ops->del($key));
    }
}
