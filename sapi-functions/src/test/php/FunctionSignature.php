<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

/**
 * What Reflection tells about a function's signature, in a form two functions can be compared by: the real
 * internal function and its declaration in the IDE stub must give the same.
 */
final class FunctionSignature
{
    /** The signature as PHP prints it, e.g. "ephpm_kv_set(string $key, string $value, int $ttl = 0): bool". */
    public static function render(\ReflectionFunction $f): string
    {
        $params = [];
        foreach ($f->getParameters() as $p) {
            $params[] = ($p->hasType() ? $p->getType() . ' ' : '')
                . ($p->isPassedByReference() ? '&' : '')
                . ($p->isVariadic() ? '...' : '')
                . '$' . $p->getName()
                . ($p->isDefaultValueAvailable() ? ' = ' . var_export($p->getDefaultValue(), true) : '');
        }
        return $f->getShortName() . '(' . implode(', ', $params) . ')'
            . ($f->hasReturnType() ? ': ' . $f->getReturnType() : '');
    }

    /**
     * Every property of the signature one by one, so that a difference names what differs (rendering alone would
     * hide, for instance, an optional parameter without a default).
     *
     * @return array<string, mixed>
     */
    public static function describe(\ReflectionFunction $f): array
    {
        $d = [
            'name' => $f->getShortName(),
            'parameters' => $f->getNumberOfParameters(),
            'required parameters' => $f->getNumberOfRequiredParameters(),
            'variadic' => $f->isVariadic(),
            'returns by reference' => $f->returnsReference(),
            'return type' => $f->hasReturnType() ? (string) $f->getReturnType() : null,
            'return type allows null' => $f->hasReturnType() ? $f->getReturnType()->allowsNull() : null,
            'tentative return type' => $f->hasTentativeReturnType() ? (string) $f->getTentativeReturnType() : null,
        ];
        foreach ($f->getParameters() as $p) {
            $d['parameter #' . $p->getPosition()] = [
                'name' => $p->getName(),
                'type' => $p->hasType() ? (string) $p->getType() : null,
                'allows null' => $p->allowsNull(),
                'optional' => $p->isOptional(),
                'default' => $p->isDefaultValueAvailable() ? var_export($p->getDefaultValue(), true) : '(none)',
                'by reference' => $p->isPassedByReference(),
                'variadic' => $p->isVariadic(),
                'promoted' => $p->isPromoted(),
            ];
        }
        return $d;
    }
}
