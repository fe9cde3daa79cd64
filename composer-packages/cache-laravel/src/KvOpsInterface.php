<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel;

use Ephpm\Kv\KvOpsInterface as BaseKvOpsInterface;

/**
 * The ePHPm store operations, under the name Laravel code binds in the container.
 *
 * Everything is defined once in ephpm/kv ({@see BaseKvOpsInterface}); this subtype only
 * gives the Laravel package its own container binding key. EphpmStore itself accepts any
 * Ephpm\Kv\KvOpsInterface.
 */
interface KvOpsInterface extends BaseKvOpsInterface
{
}
