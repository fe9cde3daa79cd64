<?php

declare(strict_types=1);

namespace Ephpm\Kv;

use Ephpm\Kv\Exception\IntegerOverflowException;
use Ephpm\Kv\Exception\NonIntegerValueException;
use Ephpm\Kv\Exception\WriteRejectedException;

/**
 * Atomic increments with errors instead of silent zeros.
 *
 * The host's incr_by is the atomic part (missing key = 0, TTL kept); this class only turns
 * its bare `false` into an exception that says why, so a counter can never be reset to 0
 * by accident because the key held something else.
 */
final class Counter
{
    public function __construct(
        private readonly KvOpsInterface $ops,
        private readonly ValueCodec $codec = new ValueCodec(),
    ) {
    }

    /**
     * @throws NonIntegerValueException when the key holds anything but an integer
     * @throws IntegerOverflowException when the result would leave the signed 64-bit range
     * @throws WriteRejectedException   when the store refused the write (limits, full store)
     */
    public function incrementBy(string $key, int $delta): int
    {
        // incr_by only says "false"; one read tells why. Two attempts: a key deleted by a
        // concurrent writer between the two calls is simply incremented again.
        for ($attempt = 0; $attempt < 2; ++$attempt) {
            $result = $this->ops->incrBy($key, $delta);
            if ($result !== false) {
                return $result;
            }

            $current = $this->ops->get($key);
            if ($current === null) {
                continue;
            }
            if (!ValueCodec::isCanonicalInteger($current)) {
                throw NonIntegerValueException::forKey($key, $this->codec->describe($current));
            }
            if (!\is_int((int) $current + $delta)) {
                throw IntegerOverflowException::forKey($key, $delta);
            }

            break;
        }

        // An integer that would not overflow, or a missing key, can only fail to be written.
        throw WriteRejectedException::forKey($key);
    }

    /**
     * @throws NonIntegerValueException
     * @throws IntegerOverflowException also for $delta === PHP_INT_MIN, which has no positive counterpart
     * @throws WriteRejectedException
     */
    public function decrementBy(string $key, int $delta): int
    {
        if ($delta === \PHP_INT_MIN) {
            throw IntegerOverflowException::forKey($key, $delta);
        }

        return $this->incrementBy($key, -$delta);
    }

    /**
     * Normalises the loosely typed amounts frameworks pass ("5", 5.0) to an int, refusing
     * anything that is not a whole number instead of truncating it.
     */
    public static function toDelta(mixed $value): int
    {
        if (\is_int($value)) {
            return $value;
        }
        if (\is_string($value) && ValueCodec::isCanonicalInteger($value)) {
            return (int) $value;
        }
        if (\is_float($value) && floor($value) === $value && abs($value) < 2 ** 63) {
            return (int) $value;
        }

        throw new \InvalidArgumentException(sprintf(
            'The increment/decrement amount must be a whole number, %s given.',
            get_debug_type($value),
        ));
    }
}
