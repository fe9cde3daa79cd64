<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel;

use Ephpm\Kv\SapiKvOps as BaseSapiKvOps;

/**
 * The real ePHPm store (ephpm_kv_* host functions). Constructing it outside ePHPm throws
 * {@see \Ephpm\Kv\Exception\KvUnavailableException} with an explanation.
 *
 * All behaviour lives in ephpm/kv; see {@see BaseSapiKvOps}.
 */
class SapiKvOps extends BaseSapiKvOps implements KvOpsInterface
{
}
