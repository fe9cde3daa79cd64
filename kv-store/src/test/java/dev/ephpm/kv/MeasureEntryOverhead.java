package dev.ephpm.kv;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

/**
 * Measures what one entry really costs on the heap, to check {@link KvStore#ENTRY_OVERHEAD_BYTES}. Not a
 * test: run it by hand (see the module README) or through bench/kv/run.sh. Fills a store with a million entries
 * and divides the growth of the live heap, after full collections, by the count; whatever is not key or value
 * payload is overhead. Also prints what the store itself charges for the same entries.
 *
 * <p>Usage: {@code MeasureEntryOverhead [keyBytes [valueBytes [ALLKEYS|NOEVICTION [ttl|nottl]]]]}; without a
 * policy, every policy with and without TTL.
 */
public final class MeasureEntryOverhead {
    private static final int N = 1_000_000;

    public static void main(String[] args) {
        int keyBytes = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int valueBytes = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        if (keyBytes < 4) {
            throw new IllegalArgumentException("keys need at least 4 bytes to be a million distinct ones");
        }
        if (args.length > 2) {
            boolean ttl = args.length > 3 && args[3].equals("ttl");
            measure(EvictionPolicy.valueOf(args[2]), ttl, keyBytes, valueBytes);
            return;
        }
        for (EvictionPolicy policy : EvictionPolicy.values()) {
            for (boolean ttl : new boolean[] {false, true}) {
                measure(policy, ttl, keyBytes, valueBytes);
            }
        }
    }

    private static void measure(EvictionPolicy policy, boolean ttl, int keyBytes, int valueBytes) {
        long before = liveHeap();
        KvStore store = KvStore.create(KvConfig.defaults().withMemoryLimitBytes(8L << 30).withEvictionPolicy(policy));
        for (int i = 0; i < N; i++) {
            byte[] key = new byte[keyBytes];
            ByteBuffer.wrap(key).putInt(i);
            store.set(key, new byte[valueBytes], ttl ? 3_600_000 : 0);
        }
        store.cleanUp();
        long after = liveHeap();
        KvStats stats = store.stats();
        if (stats.entries() != N) {
            throw new AssertionError("entries were evicted: " + stats);
        }
        double perEntry = (double) (after - before) / N;
        System.out.printf("%-10s ttl=%-5s key=%d value=%d: live heap %.1f -> %.1f MiB, %.1f bytes/entry on the heap"
                        + " (%.1f overhead); the store charges %.1f bytes/entry (overhead %d)%n",
                policy, ttl, keyBytes, valueBytes, before / 1048576.0, after / 1048576.0, perEntry,
                perEntry - keyBytes - valueBytes, (double) stats.bytesUsed() / N, KvStore.ENTRY_OVERHEAD_BYTES);
        java.lang.ref.Reference.reachabilityFence(store);
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
