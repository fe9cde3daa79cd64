<?php

declare(strict_types=1);

namespace Ephpm\Kv\Exception;

/**
 * The store refused a write it would otherwise have accepted (a size limit, or the store is
 * full under a no-eviction policy). The stored value, if any, is unchanged.
 */
final class WriteRejectedException extends \RuntimeException implements KvException
{
    public static function forKey(string $key): self
    {
        return new self(sprintf(
            'The ePHPm store refused to write "%s" (size limit reached, or the store is full and does not evict); '
            . 'the stored value is unchanged.',
            $key,
        ));
    }
}
