package dev.ephpm.kv;

/**
 * Limits of a {@link KvStore}, validated once here so the store never re-checks them.
 * Start from {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param memoryLimitBytes bytes the store may charge for its entries (key + value + {@link KvStore#ENTRY_OVERHEAD_BYTES}
 *                         each); default {@value #DEFAULT_MEMORY_LIMIT_BYTES} (256 MiB), at least
 *                         {@value #MIN_MEMORY_LIMIT_BYTES}
 * @param evictionPolicy   what happens when a write would exceed memoryLimitBytes; default {@link EvictionPolicy#ALLKEYS}
 * @param maxKeyBytes      longest key accepted; default {@value #DEFAULT_MAX_KEY_BYTES} (64 KiB), at least 1
 * @param maxValueBytes    largest value accepted; default {@value #DEFAULT_MAX_VALUE_BYTES} (64 MiB), at least
 *                         {@value #MIN_MAX_VALUE_BYTES} (the widest decimal long, so incrBy results always fit).
 *                         An entry heavier than memoryLimitBytes is refused whatever this says.
 */
public record KvConfig(long memoryLimitBytes, EvictionPolicy evictionPolicy, int maxKeyBytes, int maxValueBytes) {

    public static final long DEFAULT_MEMORY_LIMIT_BYTES = 256L * 1024 * 1024;
    public static final EvictionPolicy DEFAULT_EVICTION_POLICY = EvictionPolicy.ALLKEYS;
    /** Far beyond any sane cache key (memcached stops at 250 bytes), yet small enough to catch a value passed as a key. */
    public static final int DEFAULT_MAX_KEY_BYTES = 64 * 1024;
    /** A quarter of the default memory limit: one value cannot wipe the whole cache. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024 * 1024;

    /** Below this only a few hundred small entries would fit: surely a unit mistake. */
    public static final long MIN_MEMORY_LIMIT_BYTES = 64 * 1024;
    /** "-9223372036854775808" is 20 bytes. */
    public static final int MIN_MAX_VALUE_BYTES = 20;
    /**
     * Key + value + overhead of one entry must fit Caffeine's int weight; this bounds maxKeyBytes + maxValueBytes.
     */
    public static final long MAX_KEY_PLUS_VALUE_BYTES = Integer.MAX_VALUE - KvStore.ENTRY_OVERHEAD_BYTES;

    public KvConfig {
        if (memoryLimitBytes < MIN_MEMORY_LIMIT_BYTES) {
            throw new IllegalArgumentException("memoryLimitBytes must be at least " + MIN_MEMORY_LIMIT_BYTES
                    + " (64 KiB), got " + memoryLimitBytes);
        }
        if (evictionPolicy == null) {
            throw new IllegalArgumentException("evictionPolicy must not be null");
        }
        if (maxKeyBytes < 1) {
            throw new IllegalArgumentException("maxKeyBytes must be at least 1, got " + maxKeyBytes);
        }
        if (maxValueBytes < MIN_MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("maxValueBytes must be at least " + MIN_MAX_VALUE_BYTES
                    + " (room for any incrBy result), got " + maxValueBytes);
        }
        if ((long) maxKeyBytes + maxValueBytes > MAX_KEY_PLUS_VALUE_BYTES) {
            throw new IllegalArgumentException("maxKeyBytes + maxValueBytes must be at most " + MAX_KEY_PLUS_VALUE_BYTES
                    + ", got " + maxKeyBytes + " + " + maxValueBytes);
        }
    }

    /** 256 MiB, allkeys eviction, 64 KiB keys, 64 MiB values. */
    public static KvConfig defaults() {
        return new KvConfig(DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_EVICTION_POLICY, DEFAULT_MAX_KEY_BYTES,
                DEFAULT_MAX_VALUE_BYTES);
    }

    public KvConfig withMemoryLimitBytes(long bytes) {
        return new KvConfig(bytes, evictionPolicy, maxKeyBytes, maxValueBytes);
    }

    public KvConfig withEvictionPolicy(EvictionPolicy policy) {
        return new KvConfig(memoryLimitBytes, policy, maxKeyBytes, maxValueBytes);
    }

    public KvConfig withMaxKeyBytes(int bytes) {
        return new KvConfig(memoryLimitBytes, evictionPolicy, bytes, maxValueBytes);
    }

    public KvConfig withMaxValueBytes(int bytes) {
        return new KvConfig(memoryLimitBytes, evictionPolicy, maxKeyBytes, bytes);
    }

    /** Whether {@code key} is one the caller should accept: not empty and at most {@link #maxKeyBytes()} long. */
    public KeyCheck checkKey(byte[] key) {
        if (key.length == 0) {
            return KeyCheck.EMPTY;
        }
        return key.length > maxKeyBytes ? KeyCheck.TOO_LONG : KeyCheck.VALID;
    }
}
