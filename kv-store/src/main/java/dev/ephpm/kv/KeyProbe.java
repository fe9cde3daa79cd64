package dev.ephpm.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

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
    private static final int SAMPLE_SHIFT = Integer.numberOfTrailingZeros(SAMPLE_EVERY);

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
    /** xorshift32 state; never 0. */
    private int random = ThreadLocalRandom.current().nextInt() | 1;

    KeyProbe point(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.hash = Key.hash(buf, off, len);
        return this;
    }

    /**
     * Whether this read should be recorded by the eviction policy: one in SAMPLE_EVERY on this thread, chosen at
     * random. A fixed every-8th count aliased with periodic access patterns: a loop that writes a new key and then
     * reads a hot one spends two lookups per round, so every sampled lookup was a write's and the hot key's reads
     * were never recorded, leaving it to be evicted first. A xorshift step costs about what the count did.
     */
    boolean sample() {
        int x = random;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        random = x;
        return x >>> (Integer.SIZE - SAMPLE_SHIFT) == 0;
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
