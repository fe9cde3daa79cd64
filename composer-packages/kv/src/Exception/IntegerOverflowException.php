<?php

declare(strict_types=1);

namespace Ephpm\Kv\Exception;

/**
 * An increment/decrement would leave the signed 64-bit range; the stored value is unchanged.
 */
final class IntegerOverflowException extends \OverflowException implements KvException
{
    public static function forKey(string $key, int $delta): self
    {
        return new self(sprintf(
            'Cannot change "%s" by %d: the result would overflow a signed 64-bit integer; '
            . 'the value was left unchanged.',
            $key,
            $delta,
        ));
    }
}
