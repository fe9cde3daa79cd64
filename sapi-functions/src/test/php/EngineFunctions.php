<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/** The functions ePHPm's engine registers. */
final class EngineFunctions
{
    /**
     * The ephpm_kv_* functions of the engine's "ephpm" extension, sorted (the test-only ephpm_test_* functions
     * registered next to them are left out).
     *
     * @return list<string>
     */
    public static function kv(): array
    {
        $names = array_values(array_filter(
            get_extension_funcs('ephpm') ?: [],
            static fn (string $name): bool => str_starts_with($name, 'ephpm_kv_')
        ));
        sort($names);
        return $names;
    }
}
