package dev.ephpm.kv;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times deletePrefix and flushAll on a store of one million entries (16-byte keys, 64-byte values), and
 * Caffeine's own invalidateAll of the same table for reference. Not a test: run it by hand or through
 * bench/kv/run.sh. Each case is rebuilt and measured several times; the median is printed.
 *
 * <p>Usage: {@code BulkRemovalBench [rounds [label-substring]]}.
 */
public final class BulkRemovalBench {
    private static final int N = 1_000_000;
    private static final byte[] VALUE = new byte[64];
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BulkRemovalBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        only = args.length > 1 ? args[1] : "";
        System.out.printf("bulk removal on %,d entries (16-byte keys, 64-byte values), median of %d:%n", N, rounds);
        // survivors: how many keys do not match; they are interleaved with the matching ones
        row("deletePrefix, all 1M match", rounds, EvictionPolicy.ALLKEYS, 0, Op.DELETE_PREFIX);
        row("deletePrefix, 900k match", rounds, EvictionPolicy.ALLKEYS, 100_000, Op.DELETE_PREFIX);
        row("deletePrefix, 500k match", rounds, EvictionPolicy.ALLKEYS, 500_000, Op.DELETE_PREFIX);
        row("deletePrefix, 2k match", rounds, EvictionPolicy.ALLKEYS, N - 2_000, Op.DELETE_PREFIX);
        row("deletePrefix, all match, noeviction", rounds, EvictionPolicy.NOEVICTION, 0, Op.DELETE_PREFIX);
        row("flushAll", rounds, EvictionPolicy.ALLKEYS, 0, Op.FLUSH_ALL);
        row("flushAll, noeviction", rounds, EvictionPolicy.NOEVICTION, 0, Op.FLUSH_ALL);
        row("(reference) Caffeine invalidateAll", rounds, EvictionPolicy.ALLKEYS, 0, Op.CAFFEINE_INVALIDATE_ALL);
    }

    private enum Op { DELETE_PREFIX, FLUSH_ALL, CAFFEINE_INVALIDATE_ALL }

    private static String only = "";

    private static void row(String label, int rounds, EvictionPolicy policy, int survivors, Op op) {
        if (!label.contains(only)) {
            return;
        }
        List<Double> millis = new ArrayList<>();
        List<Double> cpuMillis = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            CaffeineKvStore store = (CaffeineKvStore) KvStore.create(
                    KvConfig.defaults().withMemoryLimitBytes(2L << 30).withEvictionPolicy(policy));
            // every (N / survivors)-th key survives, so matching and surviving keys are spread alike
            double step = survivors == 0 ? Double.MAX_VALUE : (double) N / survivors;
            double next = 0;
            long dropped = 0;
            for (int i = 0; i < N; i++) {
                boolean survives = i >= next;
                if (survives) {
                    next += step;
                } else {
                    dropped++;
                }
                store.set(key(survives ? "keep:" : "drop:", i), VALUE, 0);
            }
            store.cleanUp();
            System.gc();
            long removed = -1;
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            switch (op) {
                case DELETE_PREFIX -> removed = store.deletePrefix("drop:".getBytes(StandardCharsets.US_ASCII));
                case FLUSH_ALL -> store.flushAll();
                case CAFFEINE_INVALIDATE_ALL -> store.currentGeneration().cache.invalidateAll();
            }
            millis.add((System.nanoTime() - start) / 1e6);
            cpuMillis.add((THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6);
            if (op == Op.DELETE_PREFIX && removed != dropped) {
                throw new AssertionError(label + ": removed " + removed);
            }
        }
        Collections.sort(millis);
        Collections.sort(cpuMillis);
        System.out.printf("  %-40s %6.0f ms   (min %.0f, max %.0f; CPU time of the calling thread %.0f ms)%n",
                label, millis.get(millis.size() / 2), millis.get(0), millis.get(millis.size() - 1),
                cpuMillis.get(cpuMillis.size() / 2));
    }

    /** A 16-byte key: a 5-byte prefix and 11 digits. */
    private static byte[] key(String prefix, int i) {
        return String.format("%s%011d", prefix, i).getBytes(StandardCharsets.US_ASCII);
    }
}
