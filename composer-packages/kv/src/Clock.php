<?php

declare(strict_types=1);

namespace Ephpm\Kv;

/**
 * Time source of {@see InMemoryKvOps}; injectable so tests can expire keys without sleeping.
 */
interface Clock
{
    /** Milliseconds on a monotonic scale; only differences between two readings matter. */
    public function nowMilliseconds(): int;
}
