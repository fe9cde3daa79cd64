<?php

declare(strict_types=1);

namespace Ephpm\Kv;

use Ephpm\Kv\Exception\CorruptValueException;

/**
 * Turns PHP values into store payloads and back, keeping their PHP types.
 *
 * Format (chosen so the two cases can never be confused):
 *  - an int is stored as its canonical decimal string ("42", "-7", "0"): exactly what the
 *    host's INCRBY accepts, so increment() works on values written by put(), and the
 *    counter the host writes back decodes as an int again;
 *  - every other value is stored as PHP serialize() output, which always starts with a
 *    type letter (s:, i:, d:, b:, a:, O:, N;, E: ...), never with a digit or '-'.
 * Decoding therefore only has to ask "is this a canonical integer?" first. The string "42"
 * is stored as s:2:"42"; and comes back as the string "42", the int 42 as 42.
 */
final class ValueCodec
{
    /**
     * @param bool|list<class-string> $allowedClasses passed to unserialize()'s
     *                                                allowed_classes: true allows every class,
     *                                                false none, a list only those classes
     *                                                (others come back as __PHP_Incomplete_Class)
     */
    public function __construct(private readonly bool|array $allowedClasses = true)
    {
    }

    public function encode(mixed $value): string
    {
        if (\is_int($value)) {
            return (string) $value;
        }

        // serialize() throws for closures and other unserializable values; we let that
        // surface, like every other cache store does.
        return serialize($value);
    }

    /**
     * @throws CorruptValueException when the payload was not produced by {@see encode()}
     */
    public function decode(string $payload): mixed
    {
        if (self::isCanonicalInteger($payload)) {
            return (int) $payload;
        }

        // unserialize() returns false both for "b:0;" and on failure; tell them apart.
        if ($payload === 'b:0;') {
            return false;
        }

        $error = null;
        set_error_handler(static function (int $severity, string $message) use (&$error): bool {
            $error = $message;

            return true;
        });
        try {
            $value = unserialize($payload, ['allowed_classes' => $this->allowedClasses]);
        } catch (\Throwable $e) {
            // e.g. a class's __wakeup()/__unserialize() throwing
            throw CorruptValueException::undecodable($payload, $e->getMessage());
        } finally {
            restore_error_handler();
        }

        if ($value === false) {
            throw CorruptValueException::undecodable($payload, $error);
        }

        return $value;
    }

    /**
     * True for exactly the strings the host's INCRBY accepts: the canonical base-10 form of
     * a signed 64-bit integer. No sign '+', no leading zeros, no "-0", no whitespace.
     */
    public static function isCanonicalInteger(string $value): bool
    {
        if (preg_match('/\A(?:0|-?[1-9][0-9]{0,18})\z/', $value) !== 1) {
            return false;
        }

        // 19-digit strings can still exceed the range; (int) would saturate, so compare back.
        return (string) (int) $value === $value;
    }

    /** Human-readable description of a payload, for error messages. */
    public function describe(string $payload): string
    {
        if (self::isCanonicalInteger($payload)) {
            return 'the integer ' . $payload;
        }
        try {
            $value = $this->decode($payload);
        } catch (CorruptValueException) {
            return 'a raw value that was not written by ValueCodec';
        }

        if (!\is_string($value)) {
            return 'a value of PHP type ' . get_debug_type($value);
        }
        $shown = \strlen($value) > 40 ? substr($value, 0, 40) . '...' : $value;

        return sprintf('a PHP string (%s)', json_encode($shown, \JSON_INVALID_UTF8_SUBSTITUTE) ?: '?');
    }
}
