package dev.ephpm.kv;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told, so TTL tests never sleep. Starts at an arbitrary positive origin, as
 * System.nanoTime does on Linux (Caffeine's timer wheel mishandles a clock that stays negative, see
 * KvStore.create(KvConfig, Ticker)).
 */
final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(5_000_000_123_456L);

    @Override
    public long read() {
        return nanos.get();
    }

    void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    /** Moves past the point where maintenance has reclaimed entries that expired up to now. */
    void advancePastReclaim() {
        advanceMillis(CaffeineKvStore.RECLAIM_GRANULARITY_MILLIS);
    }

    void advanceNanos(long n) {
        nanos.addAndGet(n);
    }
}
