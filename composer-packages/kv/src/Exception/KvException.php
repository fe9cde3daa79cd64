<?php

declare(strict_types=1);

namespace Ephpm\Kv\Exception;

/**
 * Marker implemented by every exception of the ePHPm KV packages, so callers can catch
 * "anything the KV layer raised" in one clause.
 */
interface KvException extends \Throwable
{
}
