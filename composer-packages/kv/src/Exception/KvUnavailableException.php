<?php

declare(strict_types=1);

namespace Ephpm\Kv\Exception;

/**
 * The ephpm_kv_* host functions are not there: the code is not running inside ePHPm.
 */
final class KvUnavailableException extends \RuntimeException implements KvException
{
    /** @param list<string> $missing */
    public static function missingFunctions(array $missing): self
    {
        return new self(sprintf(
            'The ePHPm key-value store is not available: the host function%s %s %s not defined '
            . '(PHP_SAPI is "%s"). SapiKvOps only works inside the ePHPm server, which registers '
            . 'the ephpm_kv_* functions. On plain php-cli (unit tests, artisan/console commands run '
            . 'outside ePHPm) pass an Ephpm\\Kv\\InMemoryKvOps instead, or use another cache store there.',
            \count($missing) === 1 ? '' : 's',
            implode(', ', array_map(static fn (string $f): string => $f . '()', $missing)),
            \count($missing) === 1 ? 'is' : 'are',
            \PHP_SAPI,
        ));
    }
}
