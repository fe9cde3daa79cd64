package dev.ephpm.kv;

/**
 * Verdict of {@link KvConfig#checkKey(byte[])}. The store itself accepts an empty key (Redis does too) and
 * answers an over-long key with "not stored"/"missing"; callers that want to reject such keys loudly (the PHP
 * layer raises ValueError) ask first.
 */
public enum KeyCheck {
    VALID,
    /** Zero bytes long. */
    EMPTY,
    /** Longer than {@link KvConfig#maxKeyBytes()}. */
    TOO_LONG
}
