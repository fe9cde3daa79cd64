<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use Ephpm\Kv\InMemoryKvOps;
use Ephpm\Kv\ManualClock;
use Ephpm\Kv\SapiKvOps;
use Ephpm\Kv\Testing\TestKv;
use PHPUnit\Framework\TestCase;

final class TestKvTest extends TestCase
{
    private string|false $saved;

    protected function setUp(): void
    {
        $this->saved = getenv(TestKv::ENV);
    }

    protected function tearDown(): void
    {
        putenv($this->saved === false ? TestKv::ENV : TestKv::ENV . '=' . $this->saved);
    }

    public function testMemoryModeGivesAFakeWithAManualClock(): void
    {
        putenv(TestKv::ENV . '=memory');
        $ops = TestKv::create();
        self::assertInstanceOf(InMemoryKvOps::class, $ops);
        self::assertInstanceOf(ManualClock::class, $ops->getClock());
        $ops->set('k', 'v', 5);
        TestKv::sleep($ops, 5);
        self::assertNull($ops->get('k'));
    }

    public function testAutoModeFollowsTheHostFunctions(): void
    {
        putenv(TestKv::ENV . '=auto');
        self::assertSame(SapiKvOps::isAvailable() ? 'sapi' : 'memory', TestKv::mode());
        putenv(TestKv::ENV);
        self::assertSame(SapiKvOps::isAvailable() ? 'sapi' : 'memory', TestKv::mode());
    }

    public function testUnknownModesAreRejected(): void
    {
        putenv(TestKv::ENV . '=redis');
        $this->expectException(\UnexpectedValueException::class);
        TestKv::mode();
    }

    public function testUniquePrefixes(): void
    {
        self::assertNotSame(TestKv::uniquePrefix(), TestKv::uniquePrefix());
        self::assertStringStartsWith('x:', TestKv::uniquePrefix('x'));
    }
}
