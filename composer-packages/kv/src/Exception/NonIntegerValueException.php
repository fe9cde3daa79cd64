<?php

declare(strict_types=1);

namespace Ephpm\Kv\Exception;

/**
 * An increment/decrement hit a value that is not a stored integer.
 *
 * Raised instead of silently treating the value as 0, which would corrupt counters.
 */
final class NonIntegerValueException extends \UnexpectedValueException implements KvException
{
    public static function forKey(string $key, string $found): self
    {
        return new self(sprintf(
            'Cannot increment or decrement "%s": it holds %s, not an integer. Only values stored '
            . 'as PHP int (e.g. put($key, 5)) or created by increment() can be incremented.',
            $key,
            $found,
        ));
    }
}
