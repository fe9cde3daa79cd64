<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel;

use Ephpm\Kv\InMemoryKvOps as BaseInMemoryKvOps;

/**
 * Per-process fake of the ePHPm store for tests on plain php-cli, e.g.
 * `$this->app->instance(KvOpsInterface::class, new InMemoryKvOps(new ManualClock()))`.
 *
 * All behaviour lives in ephpm/kv; see {@see BaseInMemoryKvOps}.
 */
class InMemoryKvOps extends BaseInMemoryKvOps implements KvOpsInterface
{
}
