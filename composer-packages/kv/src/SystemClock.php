<?php

declare(strict_types=1);

namespace Ephpm\Kv;

/**
 * Real time. Monotonic (hrtime) so that wall-clock jumps (NTP, DST) cannot expire or revive keys.
 */
final class SystemClock implements Clock
{
    public function nowMilliseconds(): int
    {
        return intdiv(hrtime(true), 1_000_000);
    }
}
