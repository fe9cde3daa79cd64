package dev.ephpm.kv;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.stream.StreamSupport;

/**
 * {@link KvStore} over a Caffeine cache of {@link Key} to {@link Entry}, held in a replaceable {@link Generation}.
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
 * <p>TTLs go through Caffeine's variable {@code Expiry}, which reads each entry's own deadline, so Caffeine
 * both hides expired entries on read (checked against the ticker, not the timer wheel) and reclaims them from
 * its timer wheel during maintenance; {@link Reaper} makes sure maintenance runs even when the store is idle.
 *
 * <p>Memory accounting: under {@link EvictionPolicy#ALLKEYS} Caffeine's own weighted size is the figure and
 * {@code maximumWeight} enforces it. Under {@link EvictionPolicy#NOEVICTION} Caffeine must never evict, so it
 * gets no bound and each generation keeps its own byte count: a write reserves its weight delta inside the
 * compute, with a compare-and-set that refuses to pass the limit; an explicit removal gives back the weight
 * of the entry it removed; and the eviction listener gives back expired entries' weight. Caffeine's
 * synchronous eviction listener is used rather than its removal listener, which would cost an executor task
 * per removal, explicit ones included.
 *
 * <p>Bulk removal replaces the generation instead of removing entries one by one when that is cheaper; see
 * {@link #flushAll()} and {@link #deletePrefix(byte[])}. Writes therefore open a window on the generation they
 * write ({@link ActiveWriters}), so that a bulk operation can know when the writes under way are done.
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
    /**
     * deletePrefix catches up with keys written during its copy while writers keep running, for at most this
     * many rounds, and seals the generation once a round has no more than {@link #SEAL_BACKLOG} keys to copy.
     */
    private static final int CATCH_UP_ROUNDS = 4;
    private static final int SEAL_BACKLOG = 1024;


    private final KvConfig config;
    private final Ticker ticker;
    /**
     * The clock deadlines are computed from and TTLs reported against: real time where {@link #ticker} is the
     * coarse clock. The coarse clock lags real time by up to a period (more when its thread is scheduled late),
     * and a deadline computed from it would be early by that lag: a 1 s TTL was seen visible for 996 ms. From
     * real time, an entry lives at least its TTL and at most the lag at the end longer. It costs one clock read
     * per TTL write; reads, which check expiry on every hit, keep the coarse clock. Any other ticker is a test's
     * clock and serves both.
     */
    private final Ticker deadlineClock;
    private final long limit;
    private final boolean noEviction;

    /**
     * Each thread's probe for this store. It also counts that thread's hits and misses: plain stores by their
     * only writer, where a shared LongAdder costs an atomic instruction on every get. Every probe stays in
     * {@link #probes}, so that stats() can add them up, including those of threads that have ended.
     */
    private final ThreadLocal<KeyProbe> threadProbe = ThreadLocal.withInitial(this::newProbe);
    private final Queue<KeyProbe> probes = new ConcurrentLinkedQueue<>();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder expirations = new LongAdder();
    private final LongAdder rejectedWrites = new LongAdder();

    private volatile Generation current;
    /** Serialises flushAll and deletePrefix, the only operations that replace the generation. */
    private final ReentrantLock bulk = new ReentrantLock();

    CaffeineKvStore(KvConfig config, Ticker ticker, boolean backgroundExpiry) {
        this.config = Objects.requireNonNull(config, "config");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.deadlineClock = ticker instanceof CoarseTicker ? Ticker.systemTicker() : ticker;
        this.limit = config.memoryLimitBytes();
        this.noEviction = config.evictionPolicy() == EvictionPolicy.NOEVICTION;
        this.current = newGeneration(true);
        if (backgroundExpiry) {
            Reaper.register(this);
        }
    }

    private KeyProbe newProbe() {
        KeyProbe probe = new KeyProbe();
        probes.add(probe);
        return probe;
    }

    private Generation newGeneration(boolean countsAllExpirations) {
        return new Generation(config, ticker, countsAllExpirations, this::onEviction);
    }

    Generation currentGeneration() {
        return current;
    }

    /**
     * Called by Caffeine, synchronously, for entries it removes itself: expired ones, and evicted ones. Only
     * the current generation's events count: a replaced one is gone as a whole, and one being filled by
     * deletePrefix holds copies whose originals are still counted where they are.
     */
    private void onEviction(Generation generation, Key key, Entry entry, RemovalCause cause) {
        generation.release(key, entry);
        if (cause == RemovalCause.SIZE) {
            PrefixWatch watch = generation.watch;
            if (watch != null) {
                watch.evicted(key);
            }
        }
        if (generation != current) {
            return;
        }
        if (cause == RemovalCause.EXPIRED) {
            if (generation.countsExpirationOf(entry)) {
                expirations.increment();
            }
        } else if (cause == RemovalCause.SIZE) {
            evictions.increment();
        }
    }

    private boolean fits(byte[] key, byte[] value) {
        return fits(key.length, value.length);
    }

    private boolean fits(long keyLength, long valueLength) {
        return keyLength <= config.maxKeyBytes() && valueLength <= config.maxValueBytes()
                && keyLength + valueLength + ENTRY_OVERHEAD_BYTES <= limit;
    }

    @Override
    public boolean admitsSize(long keyLength, long valueLength) {
        if (fits(keyLength, valueLength)) {
            return true;
        }
        rejectedWrites.increment();
        return false;
    }

    private Entry newEntry(byte[] value, long ttlMillis) {
        if (ttlMillis <= 0) {
            return new Entry(value);
        }
        return new Entry.Timed(value, deadline(ttlMillis));
    }

    private long deadline(long ttlMillis) {
        return deadlineClock.read() + Math.min(ttlMillis, MAX_TTL_MILLIS) * NANOS_PER_MILLI;
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
        return get(threadProbe.get(), buf, off, len);
    }

    private byte[] get(KeyProbe probe, byte[] buf, int off, int len) {
        Entry entry = countedLookup(probe, buf, off, len);
        return entry == null ? null : entry.stableValue();
    }

    /** The live entry for the key {@code buf[off, off + len)}, or null; counts a hit or a miss. */
    private Entry countedLookup(KeyProbe probe, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        Entry entry = lookup(probe.point(buf, off, len));
        if (entry == null) {
            probe.countMiss();
        } else {
            probe.countHit();
        }
        return entry;
    }

    @Override
    public Local local() {
        return new LocalHandle(newProbe());
    }

    /**
     * One thread's handle. Its sink-based get and its set call the sink and the source from here rather than
     * from a shared method: PHP calls reach them through several frames (upcall, host function, sink, the copy
     * into PHP memory), and the JIT inlines at most 15 levels deep; one more level left the final copy out of
     * line, costing ~10 ns on a 4 KiB get.
     */
    private final class LocalHandle implements Local {
        private final KeyProbe probe;

        LocalHandle(KeyProbe probe) {
            this.probe = probe;
        }

        @Override
        public byte[] get(byte[] buf, int off, int len) {
            return CaffeineKvStore.this.get(probe, buf, off, len);
        }

        @Override
        public <T> boolean get(byte[] buf, int off, int len, T target, ValueSink<T> sink) {
            Entry entry = countedLookup(probe, buf, off, len);
            if (entry == null) {
                return false;
            }
            entry.readTo(target, sink);
            return true;
        }

        @Override
        public long incrBy(byte[] buf, int off, int len, long delta) throws IncrFailedException {
            return CaffeineKvStore.this.incrBy(probe, buf, off, len, delta);
        }

        /**
         * set: the value is copied in from {@code from}, over the stored bytes when they can be overwritten in
         * place (see {@link Entry.Overwritable}), else into a new array of the store's own. An in-place overwrite
         * needs no write window, for the reason an in-place increment needs none (see
         * {@link CaffeineKvStore#incrBy(byte[], long)}): the entry object is the same in a generation that
         * replaces this one.
         */
        @Override
        public <T> boolean set(byte[] buf, int off, int len, int valueLength, T source, ValueSource<T> from,
                long ttlMillis) {
            Objects.checkFromIndexSize(off, len, buf.length);
            if (!fits(len, valueLength)) {
                rejectedWrites.increment();
                return false;
            }
            boolean overwritable = ttlMillis <= 0 && valueLength <= Entry.Overwritable.MAX_BYTES;
            if (overwritable && lookup(probe.point(buf, off, len)) instanceof Entry.Overwritable stored) {
                boolean done;
                try {
                    done = stored.tryOverwrite(valueLength, source, from);
                } catch (RuntimeException | Error e) {
                    removeIfStill(new Key(Arrays.copyOfRange(buf, off, off + len)), stored); // half overwritten
                    throw e;
                }
                if (done) {
                    return true;
                }
            }
            byte[] value = new byte[valueLength];
            from.copyTo(source, value);
            Key key = new Key(Arrays.copyOfRange(buf, off, off + len));
            return store(key, overwritable ? new Entry.Overwritable(value) : newEntry(value, ttlMillis));
        }
    }

    /**
     * The live entry for the probe's key in the current generation. Both lookups compare the entry's expiry
     * time with the ticker, so an entry at or past its deadline is never returned even if the timer wheel has
     * not reached it yet. The recording one (map.get) also feeds W-TinyLFU and, with variable expiry,
     * reschedules the entry in the timer wheel: that roughly doubled the cost of a hit, so only a sample of
     * lookups pays it. Frequency and recency are then estimated from the sample, which keeps hot keys hot;
     * TinyLFU's counters are approximate anyway.
     */
    private Entry lookup(KeyProbe probe) {
        Generation generation = current;
        Entry entry = probe.sample() ? generation.map.get(probe) : generation.probePolicy.getIfPresentQuietly(probe);
        probe.release();
        return entry;
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
        return current.peek(new Key(key));
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
        long left = entry.deadline() - deadlineClock.read();
        // Rounded up, and at least 1: a key that is still there has at least 1 ms left as far as the caller can
        // tell, including in the moment between its deadline and the coarse clock passing it.
        return left <= 0 ? 1 : (left + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
    }

    @Override
    public boolean exists(byte[] key) {
        Entry entry = peek(key);
        return entry != null && (!entry.expires() || entry.deadline() - ticker.read() > 0);
    }

    // ---- writes ------------------------------------------------------------------------------------------

    /**
     * Opens the calling thread's write window on the current generation, waiting first if a deletePrefix has
     * sealed it. Every write runs between this and {@code slot.close()}, and reports its key before closing.
     */
    private Generation enter(ActiveWriters.Slot slot) {
        while (true) {
            Generation generation = current;
            slot.open(generation);
            if (!generation.sealed) {
                return generation;
            }
            slot.close();
            generation.awaitUnsealed(this);
        }
    }

    /** Tells a deletePrefix scanning {@code generation} that {@code key} was written. Inside the window. */
    private static void report(Generation generation, Key key) {
        PrefixWatch watch = generation.watch;
        if (watch != null) {
            watch.written(key);
        }
    }

    /**
     * Runs a write, and if NOEVICTION refused it for lack of room, reclaims expired entries and tries once
     * more: memory held by entries that are dead but not yet reclaimed must not refuse a write (Redis also
     * expires keys before answering OOM).
     */
    private <W extends Write> W run(Generation generation, Key key, W write) {
        write.lastResult = generation.map.compute(key, write);
        if (write.refused) {
            generation.cache.cleanUp();
            write.refused = false;
            write.lastResult = generation.map.compute(key, write);
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
        return store(new Key(key), newEntry(value, ttlMillis));
    }

    /** The write both sets share: stores {@code entry}, replacing what was there. */
    private boolean store(Key k, Entry entry) {
        ActiveWriters.Slot slot = ActiveWriters.slot();
        Generation generation = enter(slot);
        try {
            boolean stored;
            if (!noEviction) {
                generation.map.put(k, entry);
                stored = true;
            } else {
                stored = !run(generation, k, new Put(generation, limit, entry, false)).refused;
            }
            report(generation, k);
            return stored;
        } finally {
            slot.close();
        }
    }

    @Override
    public boolean add(byte[] key, byte[] value, long ttlMillis) {
        Objects.requireNonNull(value, "value");
        if (!fits(key, value)) {
            rejectedWrites.increment();
            return false;
        }
        Key k = new Key(key);
        Entry entry = newEntry(value, ttlMillis);
        ActiveWriters.Slot slot = ActiveWriters.slot();
        Generation generation = enter(slot);
        try {
            Put put = run(generation, k, new Put(generation, limit, entry, true));
            report(generation, k);
            return put.lastResult == put.entry;
        } finally {
            slot.close();
        }
    }

    /**
     * An existing counter is incremented in place (see {@link Entry.Counter}): one lookup and the counter's
     * lock, no Caffeine write and no allocation. That needs no write window: the counter object is the same in
     * a generation that replaces this one, and a counter left behind with a replaced generation takes the
     * increment with it, which orders the increment before the replacement. Otherwise (missing key, a value set
     * by set(), a result one character longer or shorter) the increment is a compute, which stores a counter.
     */
    @Override
    public long incrBy(byte[] key, long delta) throws IncrFailedException {
        return incrBy(key, 0, key.length, delta);
    }

    @Override
    public long incrBy(byte[] buf, int off, int len, long delta) throws IncrFailedException {
        return incrBy(threadProbe.get(), buf, off, len, delta);
    }

    private long incrBy(KeyProbe threadsProbe, byte[] buf, int off, int len, long delta)
            throws IncrFailedException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len > config.maxKeyBytes()) {
            rejectedWrites.increment();
            throw IncrFailedException.of(IncrFailedException.Reason.NOT_STORED);
        }
        KeyProbe probe = threadsProbe.point(buf, off, len);
        if (lookup(probe) instanceof Entry.Counter counter) {
            switch (counter.addInPlace(delta, probe.number)) {
                case DONE -> {
                    return probe.number[0];
                }
                case OVERFLOW -> throw IncrFailedException.of(IncrFailedException.Reason.OVERFLOW);
                case SLOW_PATH -> { }
            }
        }
        Key k = new Key(off == 0 && len == buf.length ? buf : Arrays.copyOfRange(buf, off, off + len));
        ActiveWriters.Slot slot = ActiveWriters.slot();
        Incr incr;
        Generation generation = enter(slot);
        try {
            incr = run(generation, k, new Incr(generation, limit, delta));
            report(generation, k);
        } finally {
            slot.close();
        }
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
        Key k = new Key(key);
        ActiveWriters.Slot slot = ActiveWriters.slot();
        Generation generation = enter(slot);
        try {
            Expire expire = new Expire(generation, ttlMillis > 0 ? deadline(ttlMillis) : 0, ttlMillis > 0);
            generation.map.computeIfPresent(k, expire);
            report(generation, k);
            return expire.existed;
        } finally {
            slot.close();
        }
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
        ActiveWriters.Slot slot = ActiveWriters.slot();
        Generation generation = enter(slot);
        try {
            Entry old = generation.map.remove(key);
            generation.release(key, old);
            report(generation, key);
            return old != null;
        } finally {
            slot.close();
        }
    }

    /** Removes {@code key} if it still holds {@code entry} (that very object). */
    private void removeIfStill(Key key, Entry entry) {
        ActiveWriters.Slot slot = ActiveWriters.slot();
        Generation generation = enter(slot);
        try {
            if (generation.map.remove(key, entry)) {
                generation.release(key, entry);
            }
            report(generation, key);
        } finally {
            slot.close();
        }
    }

    @Override
    public boolean deleteIf(byte[] key, byte[] expected) {
        Objects.requireNonNull(expected, "expected");
        Key k = new Key(key);
        ActiveWriters.Slot slot = ActiveWriters.slot();
        Generation generation = enter(slot);
        try {
            DeleteIf deleteIf = new DeleteIf(generation, expected);
            generation.map.computeIfPresent(k, deleteIf);
            report(generation, k);
            return deleteIf.deleted;
        } finally {
            slot.close();
        }
    }

    // ---- bulk removal ------------------------------------------------------------------------------------

    /**
     * Removes every live key under {@code prefix} and returns how many it removed.
     *
     * <p>Removing an entry from Caffeine costs ~0.5-1 us (hash-bin lock, unlinking the node from the LRU deques
     * and the timer wheel, whose neighbours are random in memory), and copying one into a fresh table costs
     * about the same. So after one scan (in parallel, see {@link PrefixScan}), the cheaper of two ways is taken:
     * <ul>
     * <li>fewer keys match than survive: the matching keys are removed one by one, concurrently with writers;
     * <li>otherwise the survivors are copied into a new generation, which then replaces the old one; the old
     *     one, with every matching key, becomes garbage in one piece. Deleting all of a million keys then costs
     *     the scan, not a million removals.
     * </ul>
     *
     * <p>Copying races with writers, who keep writing the old generation meanwhile. They report the keys they
     * write ({@link PrefixWatch}); those are copied again, in rounds, until few are left. Then the old
     * generation is sealed: new writes wait (for as long as it takes to copy the last few keys), the writes
     * under way are waited for ({@link ActiveWriters}), pending maintenance runs (evictions it makes are
     * reported too), the last reported keys are copied, and the new generation replaces the old. Readers never
     * wait; one that started before the replacement may still answer from the old generation, as of the
     * instant it was replaced (its clock is frozen then).
     *
     * <p>The count is the number of matching keys live in the old generation at the replacement, which the
     * scan gives directly unless a key under the prefix was written or evicted, or a counted key expired,
     * meanwhile; then the frozen old generation is counted again.
     */
    @Override
    public long deletePrefix(byte[] prefix) {
        Objects.requireNonNull(prefix, "prefix");
        bulk.lock();
        try {
            return deletePrefixLocked(prefix);
        } finally {
            bulk.unlock();
        }
    }

    private long deletePrefixLocked(byte[] prefix) {
        Generation old = current;
        PrefixWatch watch = new PrefixWatch(prefix);
        old.watch = watch;
        boolean replaced = false;
        boolean frozen = false;
        try {
            // Writes that began before the watch was set, and so will not report, must be in the table before
            // the scan starts.
            ActiveWriters.awaitClosed(old);
            PrefixScan scan = PrefixScan.of(old, watch);
            if (scan.matching.isEmpty()) {
                return 0;
            }
            if (scan.survivors.size() > scan.matching.size()) {
                old.watch = null;
                long removed = 0;
                for (Key key : scan.matching) {
                    if (remove(key)) {
                        removed++;
                    }
                }
                return removed;
            }

            Generation next = newGeneration(false);
            copyAll(old, next, watch, scan.survivors);
            for (int round = 0; round < CATCH_UP_ROUNDS; round++) {
                Set<Key> written = watch.takeWritten();
                ActiveWriters.awaitClosed(old); // writers that picked the taken set up have added to it
                copyAll(old, next, watch, written);
                if (written.size() <= SEAL_BACKLOG) {
                    break;
                }
            }

            old.sealed = true;
            ActiveWriters.awaitClosed(old);
            long sealedAt = old.clock.freeze();
            frozen = true;
            // Apply writes Caffeine has not yet processed, so that any eviction they cause happens (and is
            // reported) now; after this nothing adds weight to the old generation, so nothing is evicted.
            old.cache.cleanUp();
            copyAll(old, next, watch, watch.takeWritten());
            copyAll(old, next, watch, watch.evicted());
            next.countExpirationsAfter(sealedAt);
            current = next;
            replaced = true;
            old.wakeWriters();

            boolean scanStillExact = !watch.prefixTouched()
                    && (!scan.anyExpiring || scan.soonestDeadline - sealedAt > 0);
            return scanStillExact ? scan.matching.size() : countMatching(old, watch);
        } finally {
            if (!replaced) {
                if (frozen) {
                    old.clock.thaw();
                }
                old.watch = null;
                old.sealed = false;
                old.wakeWriters();
            }
        }
    }

    /** Copies each surviving (non-matching) key's current state from {@code from} to {@code to}. */
    private static void copyAll(Generation from, Generation to, PrefixWatch watch, Iterable<Key> keys) {
        for (Key key : keys) {
            if (watch.matches(key)) {
                continue;
            }
            Entry entry = from.peek(key);
            if (entry != null) {
                to.adopt(key, entry);
            } else {
                to.drop(key);
            }
        }
    }

    /**
     * Live matching keys of a generation nobody writes any more (its clock frozen at its replacement). In
     * parallel, like {@link PrefixScan#of}.
     */
    private static long countMatching(Generation generation, PrefixWatch watch) {
        return StreamSupport.stream(generation.map.keySet().spliterator(), true).filter(watch::matches).count();
    }

    /**
     * One pass over a generation: its live keys split by the prefix, and the earliest deadline among matches.
     * The pass is memory-bound (hash order is random in memory), so it runs on the common fork-join pool over
     * Caffeine's splittable view of the hash table, with the calling thread taking part.
     */
    private static final class PrefixScan {
        private final PrefixWatch watch;
        final List<Key> matching = new ArrayList<>();
        final List<Key> survivors = new ArrayList<>();
        boolean anyExpiring;
        long soonestDeadline;

        private PrefixScan(PrefixWatch watch) {
            this.watch = watch;
        }

        static PrefixScan of(Generation generation, PrefixWatch watch) {
            return StreamSupport.stream(generation.map.entrySet().spliterator(), true)
                    .collect(() -> new PrefixScan(watch), PrefixScan::accept, PrefixScan::merge);
        }

        private void accept(Map.Entry<Key, Entry> mapping) {
            Key key = mapping.getKey();
            if (!watch.matches(key)) {
                survivors.add(key);
                return;
            }
            matching.add(key);
            Entry entry = mapping.getValue();
            if (entry.expires()) {
                noteDeadline(entry.deadline());
            }
        }

        private void noteDeadline(long deadline) {
            if (!anyExpiring || deadline - soonestDeadline < 0) {
                soonestDeadline = deadline;
                anyExpiring = true;
            }
        }

        private void merge(PrefixScan other) {
            matching.addAll(other.matching);
            survivors.addAll(other.survivors);
            if (other.anyExpiring) {
                noteDeadline(other.soonestDeadline);
            }
        }
    }

    /**
     * Replaces the generation with an empty one, in constant time: the old table becomes garbage as a whole
     * (removing its entries one by one cost as much as a deletePrefix of everything). A write that was under
     * way on the old generation lands there and is dropped with it, which is the order "that write, then the
     * flush". Readers that started before the flush may still answer from the old generation.
     */
    @Override
    public void flushAll() {
        bulk.lock();
        try {
            current = newGeneration(true);
        } finally {
            bulk.unlock();
        }
    }

    @Override
    public void cleanUp() {
        current.cache.cleanUp();
    }

    @Override
    public KvStats stats() {
        Generation generation = current;
        long hits = 0;
        long misses = 0;
        for (KeyProbe probe : probes) {
            hits += probe.hits();
            misses += probe.misses();
        }
        return new KvStats(generation.cache.estimatedSize(), generation.bytesUsed(), limit, hits, misses,
                evictions.sum(), expirations.sum(), rejectedWrites.sum());
    }

    // ---- remapping functions -----------------------------------------------------------------------------

    /**
     * A remapping function that may read the previous value. For an entry that changes in place
     * ({@link Entry.Mutable}: a counter, an overwritable value) it runs under the entry's lock and retires the
     * entry if it replaces or removes it, so that no in-place change is lost between the read and the
     * replacement, and the value it reads is whole.
     */
    private abstract static class MutableAwareRemap implements BiFunction<Key, Entry, Entry> {
        @Override
        public final Entry apply(Key key, Entry old) {
            if (old instanceof Entry.Mutable mutable) {
                mutable.lock();
                try {
                    Entry result = update(key, old);
                    if (result != old) {
                        mutable.retire();
                    }
                    return result;
                } finally {
                    mutable.unlock();
                }
            }
            return update(key, old);
        }

        abstract Entry update(Key key, Entry old);
    }

    /** A remapping function that also records its outcome, so a write needs no second object. */
    private abstract static class Write extends MutableAwareRemap {
        final Generation generation;
        final long limit;
        /** Set when NOEVICTION had no room; the function then returned the previous entry unchanged. */
        boolean refused;
        /** What compute returned. */
        Entry lastResult;

        Write(Generation generation, long limit) {
            this.generation = generation;
            this.limit = limit;
        }
    }

    /** set (replace) or add (only if absent); under ALLKEYS set uses plain put instead. */
    private static final class Put extends Write {
        final Entry entry;
        private final boolean onlyIfAbsent;

        Put(Generation generation, long limit, Entry entry, boolean onlyIfAbsent) {
            super(generation, limit);
            this.entry = entry;
            this.onlyIfAbsent = onlyIfAbsent;
        }

        @Override
        Entry update(Key key, Entry old) {
            if (old != null && onlyIfAbsent) {
                return old;
            }
            long delta = Generation.weigh(key, entry) - (old == null ? 0 : Generation.weigh(key, old));
            if (!generation.reserve(delta, limit)) {
                refused = true;
                return old;
            }
            return entry;
        }
    }

    /** The increment as a compute: creates the key, converts a value set by set(), or changes its length. */
    private static final class Incr extends Write {
        private final long delta;
        private final long[] parsed = new long[1];
        IncrFailedException.Reason failure;
        long result;

        Incr(Generation generation, long limit, long delta) {
            super(generation, limit);
            this.delta = delta;
        }

        @Override
        Entry update(Key key, Entry old) {
            long base = 0;
            if (old instanceof Entry.Counter counter) {
                base = counter.number();
            } else if (old != null) {
                if (!DecimalLong.parse(old.value(), parsed)) {
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
            Entry updated = Entry.Counter.after(old, sum);
            long weightDelta = Generation.weigh(key, updated) - (old == null ? 0 : Generation.weigh(key, old));
            if (!generation.reserve(weightDelta, limit)) {
                refused = true;
                return old;
            }
            failure = null;
            result = sum;
            return updated;
        }
    }

    /** Only runs for a live entry (computeIfPresent skips missing and expired ones). */
    private static final class Expire extends MutableAwareRemap {
        private final Generation generation;
        private final long deadline;
        private final boolean keep;
        boolean existed;

        Expire(Generation generation, long deadline, boolean keep) {
            this.generation = generation;
            this.deadline = deadline;
            this.keep = keep;
        }

        @Override
        Entry update(Key key, Entry old) {
            existed = true;
            if (keep) {
                return old.withDeadline(deadline);
            }
            generation.release(key, old);
            return null;
        }
    }

    private static final class DeleteIf extends MutableAwareRemap {
        private final Generation generation;
        private final byte[] expected;
        boolean deleted;

        DeleteIf(Generation generation, byte[] expected) {
            this.generation = generation;
            this.expected = expected;
        }

        @Override
        Entry update(Key key, Entry old) {
            deleted = Arrays.equals(old.value(), expected);
            if (!deleted) {
                return old;
            }
            generation.release(key, old);
            return null;
        }
    }
}
