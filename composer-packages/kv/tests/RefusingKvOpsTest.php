<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use Ephpm\Kv\Testing\RefusingKvOps;

final class RefusingKvOpsTest extends KvTestCase
{
    public function testRefusedWritesFailAndKeepThePreviousValue(): void
    {
        $this->ops->set($this->p . 'big', 'old');
        $ops = RefusingKvOps::forKeysContaining($this->ops, 'big');
        self::assertFalse($ops->set($this->p . 'big', 'new'));
        self::assertFalse($ops->add($this->p . 'big2', 'new'));
        self::assertFalse($ops->incr($this->p . 'big3'));
        self::assertSame('old', $ops->get($this->p . 'big'));
        self::assertFalse($ops->exists($this->p . 'big2'));
        self::assertTrue($ops->set($this->p . 'small', 'v'));
        self::assertSame(1, $ops->incr($this->p . 'n'));
        self::assertSame([$this->p . 'small' => 'v'], $ops->mget([$this->p . 'small']));
    }
}
