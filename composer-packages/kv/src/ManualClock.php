<?php

declare(strict_types=1);

namespace Ephpm\Kv;

/**
 * A clock that only moves when told to: TTL tests become instant and exact.
 */
final class ManualClock implements Clock
{
    public function __construct(private int $nowMilliseconds = 1_000_000_000)
    {
    }

    public function nowMilliseconds(): int
    {
        return $this->nowMilliseconds;
    }

    public function advance(float $seconds): void
    {
        $this->advanceMilliseconds((int) round($seconds * 1000));
    }

    public function advanceMilliseconds(int $milliseconds): void
    {
        if ($milliseconds < 0) {
            // Moving back would make expired keys live again, which no real store does.
            throw new \InvalidArgumentException('A ManualClock only moves forward.');
        }
        $this->nowMilliseconds += $milliseconds;
    }
}
