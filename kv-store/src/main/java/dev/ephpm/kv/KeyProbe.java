package dev.ephpm.kv;

import java.util.Arrays;

/**
 * A reusable, thread-confined stand-in for a {@link Key} during lookups, pointing into the caller's buffer, so
 * that a lookup allocates nothing. It only ever reaches {@code map.get}: the map compares it with stored keys
 * but never keeps it, and Caffeine passes it on to {@code Expiry.expireAfterRead} (which ignores keys). Writes,
 * and reads through Caffeine APIs that might keep or hand out the key, use real {@link Key}s.
 */
final class KeyProbe {
    /**
     * One read in this many goes through Caffeine's recording read path (frequency sketch, LRU order,
     * timer-wheel reschedule); the others are quiet lookups. See CaffeineKvStore#get.
     */
    static final int SAMPLE_EVERY = 8;

    /** Scratch for the number an in-place increment parses and returns, on the same thread (no allocation). */
    final long[] number = new long[1];

    private byte[] buf;
    private int off;
    private int len;
    private int hash;
    private int reads;

    KeyProbe point(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.hash = Key.hash(buf, off, len);
        return this;
    }

    /** Whether this read should be recorded by the eviction policy: every SAMPLE_EVERY-th on this thread. */
    boolean sample() {
        return (++reads & (SAMPLE_EVERY - 1)) == 0;
    }

    /** Drops the reference to the caller's buffer so an idle thread does not pin it. */
    void release() {
        buf = null;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && k.hashCode() == hash
                && Arrays.equals(buf, off, off + len, k.bytes, 0, k.bytes.length);
    }
}
