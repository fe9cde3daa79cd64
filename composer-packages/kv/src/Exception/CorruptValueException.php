<?php

declare(strict_types=1);

namespace Ephpm\Kv\Exception;

/**
 * A stored payload is neither an encoded integer nor a PHP serialize() string, so it was not
 * written through {@see \Ephpm\Kv\ValueCodec} (for example raw ephpm_kv_set() calls that
 * share the prefix).
 */
final class CorruptValueException extends \UnexpectedValueException implements KvException
{
    public static function undecodable(string $payload, ?string $reason = null): self
    {
        return new self(sprintf(
            'Cannot decode a value read from the ePHPm store (%d bytes, starting with %s)%s. Values must be '
            . 'written through Ephpm\\Kv\\ValueCodec: an int as its decimal string, anything else serialize()d. '
            . 'Make sure no other code writes raw values under the same prefix.',
            \strlen($payload),
            json_encode(substr($payload, 0, 16), \JSON_INVALID_UTF8_SUBSTITUTE) ?: '?',
            $reason === null ? '' : ': ' . $reason,
        ));
    }
}
