package dev.ephpm.kv;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * An in-process, memory-bounded key-value store of binary strings with Redis-like semantics.
 *
 * <p>Keys and values are raw bytes: a NUL or an invalid UTF-8 sequence is just a byte, and two keys are the
 * same when their bytes are. All methods are thread-safe; single-key operations are atomic.
 *
 * <p><b>Arrays are shared, not copied</b>, because copying would cost as much as the lookup itself. An array
 * passed to a write ({@code set}, {@code add}) becomes the store's: do not modify it afterwards. An array
 * returned by {@code get} is the stored one (or, for a value a {@link Local#set} may overwrite in place, a copy):
 * do not modify it. Key arrays passed to reads are only read during the call.
 *
 * <p><b>Time to live</b> is in milliseconds. A key written with ttl {@code T} at time {@code t} is visible
 * while {@code now < t + T} and gone from {@code now >= t + T}; expired keys are never returned, and their
 * memory is reclaimed in the background (or by {@link #cleanUp()}) without waiting for a read.
 *
 * <p><b>Memory</b>: every entry is charged {@code key.length + value.length + }{@link #ENTRY_OVERHEAD_BYTES},
 * and the total is kept at or under {@link KvConfig#memoryLimitBytes()} as the {@link KvConfig#evictionPolicy()}
 * says once concurrent writes have settled.
 */
public interface KvStore {

    /**
     * Bytes charged per entry on top of its key and value bytes: what the JVM really spends on one entry's
     * objects (key wrapper, key and value array headers, entry holder, Caffeine node, hash-table node and
     * slot, frequency sketch share). It depends on the size of a reference: 200 with compressed oops (G1 or
     * Parallel with a heap under 32 GiB; measured 155-187 bytes), 280 without them (ZGC, as the {@code ephpm}
     * launcher runs, or a heap over 32 GiB; measured 199-262 bytes). Rounded up so that padding and hash-table
     * load never make the figure an underestimate. See the module README.
     */
    int ENTRY_OVERHEAD_BYTES = EntryOverhead.detect();

    /**
     * A store on the shared millisecond clock (System.nanoTime sampled about once a millisecond by a daemon
     * thread, so that reading the time costs nothing on the hot path; TTLs may end up to about a millisecond
     * late, never early), with background reclamation of expired entries about once a second.
     */
    static KvStore create(KvConfig config) {
        return new CaffeineKvStore(config, CoarseTicker.get(), true);
    }

    /**
     * A store on the given clock (nanoseconds, as {@link System#nanoTime()}), for tests. No background
     * thread reclaims expired entries, since it would run on real time against a clock that may not move:
     * expired entries are still never returned, and {@link #cleanUp()} reclaims them deterministically.
     *
     * <p>The clock may start anywhere and may wrap past {@code Long.MAX_VALUE}, but should not run at
     * negative values for long (System.nanoTime on Linux counts from boot): Caffeine's timer wheel was seen
     * to leave an expired entry unreclaimed on a clock that stayed negative. Reads are unaffected.
     */
    static KvStore create(KvConfig config, Ticker ticker) {
        return new CaffeineKvStore(config, ticker, false);
    }

    KvConfig config();

    /**
     * The stored value (do not modify it; see the class comment on arrays), or null when missing or expired.
     * Counts a hit or a miss.
     */
    byte[] get(byte[] key);

    /**
     * As {@link #get(byte[])} for the key {@code buf[off, off + len)}. Allocates nothing for the lookup, so a
     * caller that copies keys into a reusable buffer does no allocation per lookup.
     */
    byte[] get(byte[] buf, int off, int len);

    /** {@link #get(byte[])} for each key, in order; null where missing. Counts a hit or miss per key. */
    byte[][] getMany(byte[][] keys);

    /**
     * Whether a key and a value of these lengths can be stored at all: within the key and value size limits and,
     * with the entry overhead, the memory limit (not whether there is room now). When not, counts a rejected write,
     * as set would. For callers that hold a value outside the Java heap: they can refuse it before copying it in.
     */
    boolean admitsSize(long keyLength, long valueLength);

    /**
     * Stores {@code value} under {@code key}, replacing any previous value and its TTL.
     *
     * @param ttlMillis time to live; {@code <= 0} means no expiry
     * @return false when it cannot be stored (key over maxKeyBytes, value over maxValueBytes, entry heavier
     *         than the memory limit, or no room under noeviction); the previous value is then untouched
     */
    boolean set(byte[] key, byte[] value, long ttlMillis);

    /**
     * Stores {@code value} only if {@code key} is absent or expired. Atomic: of concurrent adders exactly one
     * wins.
     *
     * @return true if this call stored the value; false if the key was present or the value cannot be stored
     */
    boolean add(byte[] key, byte[] value, long ttlMillis);

    /**
     * Redis INCRBY: adds {@code delta} to the integer stored at {@code key} and returns the new value. A
     * missing key counts as 0 and is created without TTL; an existing key keeps its TTL. The stored value must
     * be a base-10 signed 64-bit integer in Redis's strict format: an optional '-', digits, no '+', no spaces,
     * no leading zeros (except "0" itself), and no "-0". Atomic per key.
     *
     * @throws IncrFailedException when the value is not such an integer, the result would overflow, or the
     *                             result cannot be stored; the stored value is then unchanged
     */
    long incrBy(byte[] key, long delta) throws IncrFailedException;

    /**
     * {@link #incrBy(byte[], long)} for the key {@code buf[off, off + len)}. The buffer is only read during the
     * call (the store copies the key if it creates it), so callers can reuse it.
     */
    long incrBy(byte[] buf, int off, int len, long delta) throws IncrFailedException;

    /**
     * A new handle on this store for one thread, for the calls made in hot loops. It carries that thread's
     * reusable lookup state, which the store's own methods find through a thread-local lookup (~3 ns of a ~25 ns
     * get). Keep one per thread (a server keeps one per worker thread) and use it from that thread only.
     */
    Local local();

    /**
     * See {@link #local()}. Not thread-safe; the methods behave as the store's methods of the same name. Its get and
     * set move the value through a sink and a source instead of arrays, so that a caller whose values live outside
     * the Java heap (PHP strings) copies them once, straight between its memory and the store's.
     */
    interface Local {
        byte[] get(byte[] buf, int off, int len);

        /**
         * Looks up the key {@code buf[off, off + len)} and, when it is there, hands the stored array to {@code sink}
         * (no copy) and returns true; returns false when missing or expired. Counts a hit or a miss. The sink may
         * be called more than once: when a {@link #set} overwrote the value in place while the sink was reading
         * it, the sink is called again, and the last call has the value. It must only read the array, during the
         * call.
         */
        <T> boolean get(byte[] buf, int off, int len, T target, ValueSink<T> sink);

        long incrBy(byte[] buf, int off, int len, long delta) throws IncrFailedException;

        /**
         * {@link KvStore#set} for the key {@code buf[off, off + len)} (copied if stored; the buffer is not kept)
         * and a value of {@code valueLength} bytes that {@code source} copies in, once, unless the store refuses
         * the sizes first. When the key holds a value of the same length with no TTL that an earlier call of
         * this method stored, and {@code ttlMillis <= 0}, the new bytes are copied over the stored ones in place
         * (values up to 64 KiB): nothing is allocated and Caffeine is not written. Readers never see a mix of the
         * two values.
         */
        <T> boolean set(byte[] buf, int off, int len, int valueLength, T source, ValueSource<T> from,
                long ttlMillis);
    }

    /**
     * Receives a stored value from {@link Local#get(byte[], int, int, Object, ValueSink)}. It must not call the
     * store: it may run while a writer of the same key waits.
     */
    @FunctionalInterface
    interface ValueSink<T> {
        /** Reads {@code value}, all of it, during the call (for example, copies it out); must not modify it. */
        void accept(T target, byte[] value);
    }

    /**
     * Supplies the bytes of a value to {@link Local#set}. It must not call the store: it may run holding the lock
     * of the entry it overwrites, which is not reentrant.
     */
    @FunctionalInterface
    interface ValueSource<T> {
        /**
         * Fills {@code destination} (as long as the value) with the value's bytes. Should not throw: it may be
         * writing over a stored value in place, and if it does throw there, the key is removed rather than left
         * holding a mix of two values.
         */
        void copyTo(T source, byte[] destination);
    }

    /**
     * Sets the key's TTL. A ttl {@code <= 0} deletes the key (Redis rule).
     *
     * @return true if the key existed (and now expires in ttl, or was deleted); false if it was missing
     */
    boolean expire(byte[] key, long ttlMillis);

    /** Milliseconds the key has left (rounded up, so a live key never reports 0); -1 if it has no TTL; -2 if missing. */
    long pttl(byte[] key);

    /** Seconds the key has left, rounded as Redis TTL does ({@code (pttl + 500) / 1000}); -1 no TTL; -2 missing. */
    default long ttl(byte[] key) {
        long pttl = pttl(key);
        return pttl < 0 ? pttl : (pttl + 500) / 1000;
    }

    /** Whether a live value is stored under {@code key}. Does not count as a hit or miss. */
    boolean exists(byte[] key);

    /** Removes the key; true if a live value was there. */
    boolean delete(byte[] key);

    /** Removes the key only if its value's bytes equal {@code expected}; atomic; true if this call removed it. */
    boolean deleteIf(byte[] key, byte[] expected);

    /**
     * Removes every key starting with {@code prefix} (the empty prefix matches all) and returns how many live
     * keys it removed.
     *
     * <p>With concurrent writers: every matching key that was live when the call started and is not written
     * meanwhile is gone when it returns; a matching key written while the call runs may or may not be removed;
     * keys outside the prefix are never removed, never missing to a reader, and keep every concurrent update.
     * The count is exact: it is the number of live keys this call removed (not keys someone else deleted first,
     * not entries already expired). While the call runs, writers may wait for a moment (see the module README);
     * readers never wait.
     */
    long deletePrefix(byte[] prefix);

    /**
     * Removes everything, in constant time (the table is replaced; the garbage collector reclaims the old one).
     * A write that overlaps the call may land before the flush, and then be removed with everything else.
     * Counters are kept. Entries that had expired but were not yet reclaimed are not counted as expirations.
     */
    void flushAll();

    KvStats stats();

    /**
     * Runs pending maintenance now: settles eviction and reclaims the memory of entries that expired at least
     * about 1.07 s ago (the resolution of Caffeine's timer wheel); younger dead entries are reclaimed by a
     * later maintenance run. Never needed for correctness: dead entries are never returned. Stores on the
     * system clock run it once a second on their own.
     */
    void cleanUp();
}
