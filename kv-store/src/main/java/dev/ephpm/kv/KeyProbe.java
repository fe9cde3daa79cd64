package dev.ephpm.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A reusable, thread-confined stand-in for a {@link Key} during lookups, pointing into the caller's buffer, so
 * that a lookup allocates nothing. It only ever reaches {@code map.get}: the map compares it with stored keys but
 * never keeps it, and Caffeine passes it on to {@code Expiry.expireAfterRead} (which ignores keys). Writes, and
 * reads through Caffeine APIs that might keep or hand out the key, use real {@link Key}s. There is one per thread
 * and store, which also counts that thread's hits and misses.
 */
final class KeyProbe {
    /**
     * One read in this many goes through Caffeine's recording read path (frequency sketch, LRU order,
     * timer-wheel reschedule); the others are quiet lookups. See CaffeineKvStore#get.
     */
    static final int SAMPLE_EVERY = 8;

    /** Scratch for the number an in-place increment returns, on the same thread (no allocation). */
    final long[] number = new long[1];

    private static final VarHandle HITS;
    private static final VarHandle MISSES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HITS = lookup.findVarHandle(KeyProbe.class, "hits", long.class);
            MISSES = lookup.findVarHandle(KeyProbe.class, "misses", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** This thread's gets that found / did not find their key; written only by this thread, read by stats(). */
    private long hits;
    private long misses;

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

    void countHit() {
        HITS.setOpaque(this, hits + 1);
    }

    void countMiss() {
        MISSES.setOpaque(this, misses + 1);
    }

    long hits() {
        return (long) HITS.getOpaque(this);
    }

    long misses() {
        return (long) MISSES.getOpaque(this);
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
