package dev.ephpm.kv;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * {@link KvStore} over a Caffeine cache of {@link Key} to {@link Entry}.
 *
 * <p>Atomicity comes from Caffeine's {@code asMap().compute}, which runs the remapping function under the
 * key's hash-bin lock and treats an expired entry as absent. Each write is one small operation object that is
 * both the remapping function and the place its outcome is recorded, so a write allocates it, the new entry
 * and nothing else.
 *
 * <p>Caffeine runs its maintenance (eviction, expiry, listener calls) on the calling thread
 * ({@code executor(Runnable::run)}), not on a pool: a writer that pushes the cache over its weight bound
 * evicts before it returns, so once concurrent writes settle the charged bytes are under the limit. Reads
 * are mostly quiet lookups that do no policy work; the sampled ones pay an amortised share of maintenance
 * when Caffeine drains its read buffer (see {@link #get(byte[], int, int)}).
 *
 * <p>TTLs go through Caffeine's variable {@link Expiry}, which reads each entry's own deadline, so Caffeine
 * both hides expired entries on read (checked against the ticker, not the timer wheel) and reclaims them from
 * its timer wheel during maintenance; {@link Reaper} makes sure maintenance runs even when the store is idle.
 *
 * <p>Memory accounting: under {@link EvictionPolicy#ALLKEYS} Caffeine's own weighted size is the figure and
 * {@code maximumWeight} enforces it. Under {@link EvictionPolicy#NOEVICTION} Caffeine must never evict, so it
 * gets no bound and the store keeps {@link #charged} itself: a write reserves its weight delta inside the
 * compute, with a compare-and-set that refuses to pass the limit; an explicit removal gives back the weight
 * of the entry it removed; and the eviction listener gives back expired entries' weight. Caffeine's
 * synchronous eviction listener is used rather than its removal listener, which would cost an executor task
 * per removal, explicit ones included.
 */
final class CaffeineKvStore implements KvStore {

    /** Long enough for any cache (100 years) and short of Caffeine's own cap on expiry durations (~146 years). */
    static final long MAX_TTL_MILLIS = 100L * 365 * 24 * 60 * 60 * 1000;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /**
     * How long after its deadline an expired entry can still occupy memory before maintenance reclaims it:
     * Caffeine files entries in timer-wheel buckets of 2^30 ns and expires a bucket once time has passed it
     * whole. Reads never see such an entry; only memory and entry counts lag.
     */
    static final long RECLAIM_GRANULARITY_MILLIS = ((1L << 30) + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;

    /** One probe per thread, shared by all stores: it holds no store state, only the key being looked up. */
    private static final ThreadLocal<KeyProbe> PROBES = ThreadLocal.withInitial(KeyProbe::new);

    private final KvConfig config;
    private final Ticker ticker;
    private final long limit;
    private final boolean noEviction;

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder expirations = new LongAdder();
    private final LongAdder rejectedWrites = new LongAdder();
    /** Bytes charged under NOEVICTION only (see class comment). */
    private final AtomicLong charged = new AtomicLong();

    private final Cache<Key, Entry> cache;
    private final ConcurrentMap<Key, Entry> map;
    private final Policy<Key, Entry> policy;
    /** The same policy, for quiet lookups with a {@link KeyProbe}; see {@link #get(byte[], int, int)}. */
    private final Policy<Object, Entry> probePolicy;
    private final Policy.Eviction<Key, Entry> eviction;

    CaffeineKvStore(KvConfig config, Ticker ticker, boolean backgroundExpiry) {
        this.config = Objects.requireNonNull(config, "config");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.limit = config.memoryLimitBytes();
        this.noEviction = config.evictionPolicy() == EvictionPolicy.NOEVICTION;

        Caffeine<Key, Entry> builder = Caffeine.newBuilder()
                .executor(Runnable::run)
                .ticker(ticker)
                .<Key, Entry>expireAfter(new TtlExpiry())
                .evictionListener((Key k, Entry e, RemovalCause cause) -> onEviction(k, e, cause));
        if (!noEviction) {
            builder.maximumWeight(limit).weigher(CaffeineKvStore::weigh);
        }
        this.cache = builder.build();
        this.map = cache.asMap();
        this.policy = cache.policy();
        @SuppressWarnings("unchecked") // lookups only compare keys with equals(); KeyProbe is equal to its Key
        Policy<Object, Entry> lookups = (Policy<Object, Entry>) (Policy<?, ?>) policy;
        this.probePolicy = lookups;
        this.eviction = noEviction ? null : policy.eviction().orElseThrow();
        if (backgroundExpiry) {
            Reaper.register(cache);
        }
    }

    static int weigh(Key key, Entry entry) {
        return key.bytes.length + entry.value.length + ENTRY_OVERHEAD_BYTES;
    }

    private static long weightOf(byte[] key, byte[] value) {
        return (long) key.length + value.length + ENTRY_OVERHEAD_BYTES;
    }

    /** Called by Caffeine, synchronously, for entries it removes itself: expired ones, and evicted ones. */
    private void onEviction(Key key, Entry entry, RemovalCause cause) {
        if (cause == RemovalCause.EXPIRED) {
            expirations.increment();
        } else if (cause == RemovalCause.SIZE) {
            evictions.increment();
        }
        release(key, entry);
    }

    /** Under NOEVICTION, gives back the weight of an entry that left the map. */
    private void release(Key key, Entry entry) {
        if (noEviction && key != null && entry != null) {
            charged.addAndGet(-weigh(key, entry));
        }
    }

    /** Under NOEVICTION, charges {@code delta} bytes unless that would pass the limit. Always true otherwise. */
    private boolean reserve(long delta) {
        if (!noEviction) {
            return true;
        }
        if (delta <= 0) {
            charged.addAndGet(delta);
            return true;
        }
        long current;
        do {
            current = charged.get();
            if (current + delta > limit) {
                return false;
            }
        } while (!charged.compareAndSet(current, current + delta));
        return true;
    }

    private boolean fits(byte[] key, byte[] value) {
        return key.length <= config.maxKeyBytes() && value.length <= config.maxValueBytes()
                && weightOf(key, value) <= limit;
    }

    private Entry newEntry(byte[] value, long ttlMillis) {
        if (ttlMillis <= 0) {
            return new Entry(value);
        }
        return new Entry.Timed(value, deadline(ttlMillis));
    }

    private long deadline(long ttlMillis) {
        return ticker.read() + Math.min(ttlMillis, MAX_TTL_MILLIS) * NANOS_PER_MILLI;
    }

    @Override
    public KvConfig config() {
        return config;
    }

    // ---- reads -------------------------------------------------------------------------------------------

    @Override
    public byte[] get(byte[] key) {
        return get(key, 0, key.length);
    }

    @Override
    public byte[] get(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        KeyProbe probe = PROBES.get().point(buf, off, len);
        // Both lookups compare the entry's expiry time with the ticker, so an entry at or past its deadline is
        // never returned even if the timer wheel has not reached it yet. The recording one (map.get) also
        // feeds W-TinyLFU and, with variable expiry, reschedules the entry in the timer wheel: that roughly
        // doubled the cost of a hit, so only a sample of reads pays it. Frequency and recency are then
        // estimated from the sample, which keeps hot keys hot; TinyLFU's counters are approximate anyway.
        Entry entry = probe.sample() ? map.get(probe) : probePolicy.getIfPresentQuietly(probe);
        probe.release();
        if (entry == null) {
            misses.increment();
            return null;
        }
        hits.increment();
        return entry.value;
    }

    @Override
    public byte[][] getMany(byte[][] keys) {
        byte[][] values = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            values[i] = get(keys[i]);
        }
        return values;
    }

    /** A live entry without counting a hit or touching the eviction policy (Redis's LOOKUP_NOTOUCH). */
    private Entry peek(byte[] key) {
        return policy.getIfPresentQuietly(new Key(key));
    }

    @Override
    public long pttl(byte[] key) {
        Entry entry = peek(key);
        if (entry == null) {
            return -2;
        }
        if (!entry.expires()) {
            return -1;
        }
        long left = entry.deadline() - ticker.read();
        if (left <= 0) {
            return -2;
        }
        // Rounded up: a key that is still there has at least 1 ms left as far as the caller can tell.
        return (left + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
    }

    @Override
    public boolean exists(byte[] key) {
        Entry entry = peek(key);
        return entry != null && (!entry.expires() || entry.deadline() - ticker.read() > 0);
    }

    // ---- writes ------------------------------------------------------------------------------------------

    /**
     * Runs a write, and if NOEVICTION refused it for lack of room, reclaims expired entries and tries once
     * more: memory held by entries that are dead but not yet reclaimed must not refuse a write (Redis also
     * expires keys before answering OOM).
     */
    private <W extends Write> W run(Key key, W write) {
        write.lastResult = map.compute(key, write);
        if (write.refused) {
            cache.cleanUp();
            write.refused = false;
            write.lastResult = map.compute(key, write);
            if (write.refused) {
                rejectedWrites.increment();
            }
        }
        return write;
    }

    @Override
    public boolean set(byte[] key, byte[] value, long ttlMillis) {
        Objects.requireNonNull(value, "value");
        if (!fits(key, value)) {
            rejectedWrites.increment();
            return false;
        }
        if (!noEviction) {
            map.put(new Key(key), newEntry(value, ttlMillis));
            return true;
        }
        return !run(new Key(key), new Put(newEntry(value, ttlMillis), false)).refused;
    }

    @Override
    public boolean add(byte[] key, byte[] value, long ttlMillis) {
        Objects.requireNonNull(value, "value");
        if (!fits(key, value)) {
            rejectedWrites.increment();
            return false;
        }
        Put put = run(new Key(key), new Put(newEntry(value, ttlMillis), true));
        return put.lastResult == put.entry;
    }

    @Override
    public long incrBy(byte[] key, long delta) throws IncrFailedException {
        if (key.length > config.maxKeyBytes()) {
            rejectedWrites.increment();
            throw IncrFailedException.of(IncrFailedException.Reason.NOT_STORED);
        }
        Incr incr = run(new Key(key), new Incr(delta));
        if (incr.refused) {
            throw IncrFailedException.of(IncrFailedException.Reason.NOT_STORED);
        }
        if (incr.failure != null) {
            throw IncrFailedException.of(incr.failure);
        }
        return incr.result;
    }

    @Override
    public boolean expire(byte[] key, long ttlMillis) {
        Expire expire = new Expire(ttlMillis > 0 ? deadline(ttlMillis) : 0, ttlMillis > 0);
        map.computeIfPresent(new Key(key), expire);
        return expire.existed;
    }

    @Override
    public boolean delete(byte[] key) {
        return remove(new Key(key));
    }

    /**
     * Removes a live entry. Caffeine answers null for an entry that had expired (and hands that one to the
     * eviction listener), so a dead key neither counts as deleted nor is released twice.
     */
    private boolean remove(Key key) {
        Entry old = map.remove(key);
        release(key, old);
        return old != null;
    }

    @Override
    public boolean deleteIf(byte[] key, byte[] expected) {
        Objects.requireNonNull(expected, "expected");
        DeleteIf deleteIf = new DeleteIf(expected);
        map.computeIfPresent(new Key(key), deleteIf);
        return deleteIf.deleted;
    }

    @Override
    public long deletePrefix(byte[] prefix) {
        Objects.requireNonNull(prefix, "prefix");
        long deleted = 0;
        // Weakly consistent iteration over the hash table; Caffeine skips expired entries, and remove()
        // answers null for one that expired or went meanwhile, so only live keys are counted.
        for (Key key : map.keySet()) {
            if (key.startsWith(prefix) && remove(key)) {
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public void flushAll() {
        if (noEviction) {
            // Bulk invalidation reports nothing per entry, and each entry's weight must be given back.
            deletePrefix(new byte[0]);
        } else {
            cache.invalidateAll();
        }
    }

    @Override
    public void cleanUp() {
        cache.cleanUp();
    }

    @Override
    public KvStats stats() {
        long bytes = noEviction ? charged.get() : eviction.weightedSize().orElse(0);
        return new KvStats(cache.estimatedSize(), bytes, limit, hits.sum(), misses.sum(), evictions.sum(),
                expirations.sum(), rejectedWrites.sum());
    }

    // ---- remapping functions -----------------------------------------------------------------------------

    /** A remapping function that also records its outcome, so a write needs no second object. */
    private abstract static class Write implements BiFunction<Key, Entry, Entry> {
        /** Set when NOEVICTION had no room; the function then returned the previous entry unchanged. */
        boolean refused;
        /** What compute returned. */
        Entry lastResult;
    }

    /** set (replace) or add (only if absent); under ALLKEYS set uses plain put instead. */
    private final class Put extends Write {
        final Entry entry;
        private final boolean onlyIfAbsent;

        Put(Entry entry, boolean onlyIfAbsent) {
            this.entry = entry;
            this.onlyIfAbsent = onlyIfAbsent;
        }

        @Override
        public Entry apply(Key key, Entry old) {
            if (old != null && onlyIfAbsent) {
                return old;
            }
            long delta = weigh(key, entry) - (old == null ? 0 : weigh(key, old));
            if (!reserve(delta)) {
                refused = true;
                return old;
            }
            return entry;
        }
    }

    private final class Incr extends Write {
        private final long delta;
        private final long[] parsed = new long[1];
        IncrFailedException.Reason failure;
        long result;

        Incr(long delta) {
            this.delta = delta;
        }

        @Override
        public Entry apply(Key key, Entry old) {
            long base = 0;
            if (old != null) {
                if (!DecimalLong.parse(old.value, parsed)) {
                    failure = IncrFailedException.Reason.NOT_AN_INTEGER;
                    return old;
                }
                base = parsed[0];
            }
            long sum = base + delta;
            if (((base ^ sum) & (delta ^ sum)) < 0) {
                failure = IncrFailedException.Reason.OVERFLOW;
                return old;
            }
            byte[] text = DecimalLong.format(sum);
            Entry updated = old == null ? new Entry(text) : old.withValue(text);
            long weightDelta = weigh(key, updated) - (old == null ? 0 : weigh(key, old));
            if (!reserve(weightDelta)) {
                refused = true;
                return old;
            }
            failure = null;
            result = sum;
            return updated;
        }
    }

    /** Only runs for a live entry (computeIfPresent skips missing and expired ones). */
    private final class Expire implements BiFunction<Key, Entry, Entry> {
        private final long deadline;
        private final boolean keep;
        boolean existed;

        Expire(long deadline, boolean keep) {
            this.deadline = deadline;
            this.keep = keep;
        }

        @Override
        public Entry apply(Key key, Entry old) {
            existed = true;
            if (keep) {
                return new Entry.Timed(old.value, deadline);
            }
            release(key, old);
            return null;
        }
    }

    private final class DeleteIf implements BiFunction<Key, Entry, Entry> {
        private final byte[] expected;
        boolean deleted;

        DeleteIf(byte[] expected) {
            this.expected = expected;
        }

        @Override
        public Entry apply(Key key, Entry old) {
            deleted = Arrays.equals(old.value, expected);
            if (!deleted) {
                return old;
            }
            release(key, old);
            return null;
        }
    }

    /**
     * Expiry read from the entry itself, so every write path decides its own TTL by the entry it stores.
     * Typed over Object keys because on a read Caffeine passes the caller's lookup key, a {@link KeyProbe}.
     */
    private static final class TtlExpiry implements Expiry<Object, Entry> {
        @Override
        public long expireAfterCreate(Object key, Entry entry, long now) {
            return entry.expires() ? Math.max(0, entry.deadline() - now) : Long.MAX_VALUE;
        }

        @Override
        public long expireAfterUpdate(Object key, Entry entry, long now, long currentDuration) {
            return expireAfterCreate(key, entry, now);
        }

        @Override
        public long expireAfterRead(Object key, Entry entry, long now, long currentDuration) {
            return currentDuration;
        }
    }
}
