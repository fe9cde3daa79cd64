package dev.ephpm.kv;

import java.lang.ref.WeakReference;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link KvStore#cleanUp()} on every registered store once a second, so expired entries give their memory
 * back even when nobody reads or writes.
 *
 * <p>Why not Caffeine's {@code Scheduler.systemScheduler()}: it re-plans its wake-up after every maintenance
 * run, and with maintenance on the caller's thread that is after every write; the timer-wheel scan that
 * costs showed up as a large share of set() in profiles. A fixed one-second sweep costs nothing per write,
 * and a second is finer than Caffeine's timer wheel (buckets of 2^30 ns, about 1.07 s) anyway.
 *
 * <p>One daemon thread serves all stores. It holds each store weakly, so a store that is dropped is
 * collected and its task cancels itself; stores need no close(). It holds the store rather than its Caffeine
 * cache because a store replaces its cache on flushAll and on a large deletePrefix.
 */
final class Reaper {
    static final long PERIOD_MILLIS = 1000;

    private static final ScheduledThreadPoolExecutor EXECUTOR = createExecutor();

    private Reaper() {
    }

    private static ScheduledThreadPoolExecutor createExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ephpm-kv-reaper");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    static void register(KvStore store) {
        Sweep sweep = new Sweep(store);
        sweep.future = EXECUTOR.scheduleWithFixedDelay(sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static final class Sweep implements Runnable {
        private final WeakReference<KvStore> store;
        volatile ScheduledFuture<?> future;

        Sweep(KvStore store) {
            this.store = new WeakReference<>(store);
        }

        @Override
        public void run() {
            KvStore c = store.get();
            if (c == null) {
                ScheduledFuture<?> f = future;
                if (f != null) {
                    f.cancel(false);
                }
                return;
            }
            try {
                c.cleanUp();
            } catch (RuntimeException | Error e) {
                // A periodic task that throws is never run again; one bad sweep must not end reclamation.
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }
}
