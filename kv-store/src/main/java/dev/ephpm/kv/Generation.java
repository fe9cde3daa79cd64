package dev.ephpm.kv;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Caffeine table of the store, with what belongs to it alone: its byte count under NOEVICTION and its clock.
 *
 * <p>The store replaces its whole generation to empty itself ({@code flushAll}) or to drop most of its keys at
 * once ({@code deletePrefix}), because removing a million entries one by one from Caffeine costs 0.5-1 s (each
 * removal unlinks the node from the LRU deques and the timer wheel: random memory accesses), while dropping the
 * table costs nothing and the garbage collector reclaims it in bulk. See {@link CaffeineKvStore#deletePrefix}.
 *
 * <p>State used by a bulk operation (all of it written by the one thread that holds the store's bulk lock):
 * {@link #watch} makes writers report the keys they touch; {@link #sealed} makes new writes wait until the
 * generation has been replaced; the clock can be frozen so that a replaced generation keeps answering as of the
 * instant it was replaced.
 */
final class Generation {
    final Cache<Key, Entry> cache;
    final ConcurrentMap<Key, Entry> map;
    final Policy<Key, Entry> policy;
    /** The same policy, for quiet lookups with a {@link KeyProbe} (see CaffeineKvStore#lookup). */
    final Policy<Object, Entry> probePolicy;
    final FreezableTicker clock;
    private final Policy.Eviction<Key, Entry> eviction;
    private final boolean noEviction;
    /** Bytes charged under NOEVICTION only (see {@link CaffeineKvStore}). */
    private final AtomicLong charged = new AtomicLong();

    /** Set while a deletePrefix scans this generation: writers then report what they wrote. */
    volatile PrefixWatch watch;
    /** Set while a deletePrefix moves the last keys out: writers wait until the generation is replaced. */
    volatile boolean sealed;
    /**
     * Expirations of entries whose deadline is at or before this instant are not this generation's to count:
     * they belong to the generation this one replaced (see {@link #countsExpirationOf}). {@code Long.MIN_VALUE}
     * with {@link #expirationFloorSet} false means "count none yet", for a generation still being filled.
     */
    private volatile long expirationFloor;
    private volatile boolean expirationFloorSet;
    private final Object sealMonitor = new Object();

    interface EvictionSink {
        void onEviction(Generation generation, Key key, Entry entry, RemovalCause cause);
    }

    Generation(KvConfig config, Ticker base, boolean countsAllExpirations, EvictionSink sink) {
        this.noEviction = config.evictionPolicy() == EvictionPolicy.NOEVICTION;
        this.clock = new FreezableTicker(base);
        this.expirationFloorSet = countsAllExpirations;
        this.expirationFloor = Long.MIN_VALUE;
        Caffeine<Key, Entry> builder = Caffeine.newBuilder()
                .executor(Runnable::run)
                .ticker(clock)
                .<Key, Entry>expireAfter(new TtlExpiry())
                .evictionListener((Key k, Entry e, RemovalCause cause) -> sink.onEviction(this, k, e, cause));
        if (!noEviction) {
            builder.maximumWeight(config.memoryLimitBytes()).weigher(Generation::weigh);
        }
        this.cache = builder.build();
        this.map = cache.asMap();
        this.policy = cache.policy();
        @SuppressWarnings("unchecked") // lookups only compare keys with equals(); KeyProbe is equal to its Key
        Policy<Object, Entry> lookups = (Policy<Object, Entry>) (Policy<?, ?>) policy;
        this.probePolicy = lookups;
        this.eviction = noEviction ? null : policy.eviction().orElseThrow();
    }

    static int weigh(Key key, Entry entry) {
        return key.bytes.length + entry.valueLength() + KvStore.ENTRY_OVERHEAD_BYTES;
    }

    long bytesUsed() {
        return noEviction ? charged.get() : eviction.weightedSize().orElse(0);
    }

    /** Under NOEVICTION, gives back the weight of an entry that left the map. */
    void release(Key key, Entry entry) {
        if (noEviction && key != null && entry != null) {
            charged.addAndGet(-weigh(key, entry));
        }
    }

    /** Under NOEVICTION, charges {@code delta} bytes unless that would pass {@code limit}. Always true otherwise. */
    boolean reserve(long delta, long limit) {
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

    /** A live entry, without touching the eviction policy; live as of this generation's clock. */
    Entry peek(Key key) {
        return policy.getIfPresentQuietly(key);
    }

    /**
     * Stores {@code entry} as it is, bypassing the NOEVICTION limit: for a bulk operation copying live entries
     * into a generation nobody else writes yet, whose total cannot exceed what the old one held.
     */
    void adopt(Key key, Entry entry) {
        Entry previous = map.put(key, entry);
        if (noEviction) {
            charged.addAndGet(weigh(key, entry) - (previous == null ? 0 : weigh(key, previous)));
        }
    }

    /** Removes {@code key} if present (the counterpart of {@link #adopt} for a key that is gone). */
    void drop(Key key) {
        release(key, map.remove(key));
    }

    /** From now on, expirations count for entries whose deadline is after {@code floor}. */
    void countExpirationsAfter(long floor) {
        expirationFloor = floor;
        expirationFloorSet = true;
    }

    boolean countsExpirationOf(Entry entry) {
        if (!expirationFloorSet) {
            return false;
        }
        long floor = expirationFloor;
        return floor == Long.MIN_VALUE || !entry.expires() || entry.deadline() - floor > 0;
    }

    /**
     * Called by a writer that found the generation sealed: waits until it has been replaced (or unsealed), after
     * which the writer starts over on the current generation.
     */
    void awaitUnsealed(CaffeineKvStore store) {
        boolean interrupted = false;
        synchronized (sealMonitor) {
            while (sealed && store.currentGeneration() == this) {
                try {
                    sealMonitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // a write must not fail half-done: wait on, and tell the caller after
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the writers waiting in {@link #awaitUnsealed} once the generation is replaced or unsealed. */
    void wakeWriters() {
        synchronized (sealMonitor) {
            sealMonitor.notifyAll();
        }
    }

    /**
     * A ticker that can stop: once a generation has been replaced, its clock is frozen at that instant, so that
     * readers still inside it and the final count of what it held see the table as it was when it was replaced
     * (an entry that expires a moment later was still live, hence removed by the bulk operation, not expired).
     */
    static final class FreezableTicker implements Ticker {
        private final Ticker base;
        private volatile boolean frozen;
        private long frozenAt;

        FreezableTicker(Ticker base) {
            this.base = base;
        }

        @Override
        public long read() {
            return frozen ? frozenAt : base.read();
        }

        /** Stops the clock now and returns the instant it shows from then on. */
        long freeze() {
            long now = base.read();
            frozenAt = now;
            frozen = true;
            return now;
        }

        /** Starts the clock again, for a bulk operation that failed before replacing the generation. */
        void thaw() {
            frozen = false;
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
