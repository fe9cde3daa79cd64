<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

/**
 * Fixtures of PhpUnitRunTest, which runs them one at a time with --filter: each goes wrong in one way, except
 * testPasses.
 */
final class HarnessFixtureTest extends TestCase
{
    public function testPasses(): void
    {
        $this->assertSame(2, 1 + 1);
    }

    public function testFails(): void
    {
        $this->assertSame('expected', 'actual');
    }

    public function testThrows(): void
    {
        throw new \RuntimeException('boom');
    }

    public function testSkips(): void
    {
        $this->assertTrue(true);
        $this->markTestSkipped('skipped on purpose');
    }

    public function testIsIncomplete(): void
    {
        $this->assertTrue(true);
        $this->markTestIncomplete('not finished on purpose');
    }

    public function testAssertsNothing(): void
    {
        $unused = 1 + 1;
    }

    public function testWarns(): void
    {
        $this->assertTrue(true);
        $this->addWarning('warned on purpose');
    }

    /** Ends the whole PHP request, with status 0, in the middle of the run. */
    public function testExits(): void
    {
        $this->assertTrue(true);
        exit(0);
    }
}
