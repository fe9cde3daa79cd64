<?php

declare(strict_types=1);

namespace Ephpm\Cache\Symfony\Tests\Support;

/**
 * Symfony Cache checks key syntax with assert(CacheItem::validateKey(...)) - in
 * AbstractAdapter and in Psr16Cache alike, for every Symfony adapter - so invalid keys are
 * only rejected when zend.assertions=1 (development). Debian's php.ini for the CLI sets
 * zend.assertions=-1, which cannot be changed at run time. run-tests.sh therefore starts
 * PHP with -d zend.assertions=1; a PHP command that cannot do that gets these cases skipped,
 * with this reason, instead of failed: the behaviour then is Symfony's, not the adapter's.
 */
final class KeyValidation
{
    public static function skipReason(): ?string
    {
        return ini_get('zend.assertions') === '1'
            ? null
            : 'Symfony Cache validates keys only with zend.assertions=1 (assert(CacheItem::validateKey())); '
                . 'start PHP with -d zend.assertions=1 to run this case.';
    }

    /**
     * @param list<string> $tests
     *
     * @return array<string, string> test name => skip reason, [] when assertions are on
     */
    public static function skippedTests(array $tests): array
    {
        $reason = self::skipReason();

        return $reason === null ? [] : array_fill_keys($tests, $reason);
    }
}
