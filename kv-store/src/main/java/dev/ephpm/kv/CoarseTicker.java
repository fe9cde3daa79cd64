package dev.ephpm.kv;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.locks.LockSupport;

/**
 * The store's default clock: {@link System#nanoTime()} as last sampled by a daemon thread about once a
 * millisecond, so reading it is a single volatile load.
 *
 * <p>Why: Caffeine reads its ticker on every cache hit once expiry is configured, and {@code nanoTime()}
 * next to the lookup's memory loads measured ~45 ns here (the vDSO clock read is ordered, so it waits for
 * the pending loads), more than the whole hash lookup and most of a ~50 ns budget for {@code get}. TTLs are
 * in milliseconds, so a millisecond clock loses nothing that was promised; Redis likewise caches its clock.
 *
 * <p>Consequence: the clock lags real time by up to one period plus however late the thread is scheduled.
 * Deadlines are therefore computed from real time ({@code System.nanoTime()}, once per TTL write; see
 * CaffeineKvStore#deadlineClock), so the lag can only make an entry outlive its TTL, by about a millisecond
 * (more on a starved machine), never expire early. One thread serves every store, started on first use.
 */
final class CoarseTicker implements Ticker {
    static final long PERIOD_NANOS = 1_000_000L;

    private volatile long nanos = System.nanoTime();

    private CoarseTicker() {
    }

    /** The shared clock; starts its thread on first call. */
    static CoarseTicker get() {
        return Holder.INSTANCE;
    }

    @Override
    public long read() {
        return nanos;
    }

    private void run() {
        while (true) {
            LockSupport.parkNanos(PERIOD_NANOS);
            nanos = System.nanoTime();
        }
    }

    private static final class Holder {
        static final CoarseTicker INSTANCE = start();

        private static CoarseTicker start() {
            CoarseTicker ticker = new CoarseTicker();
            Thread.ofPlatform().name("ephpm-kv-clock").daemon().start(ticker::run);
            return ticker;
        }
    }
}
