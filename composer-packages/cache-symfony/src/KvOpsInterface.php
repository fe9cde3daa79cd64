<?php

declare(strict_types=1);

namespace Ephpm\Cache\Symfony;

use Ephpm\Kv\KvOpsInterface as BaseKvOpsInterface;

/**
 * The ePHPm store operations, under the Symfony package's namespace.
 *
 * Everything is defined once in ephpm/kv ({@see BaseKvOpsInterface}); this subtype only
 * gives the Symfony package its own name for service definitions. EphpmKvAdapter itself
 * accepts any Ephpm\Kv\KvOpsInterface.
 */
interface KvOpsInterface extends BaseKvOpsInterface
{
}
