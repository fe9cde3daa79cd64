package dev.ephpm.kv;

import java.nio.ByteBuffer;

/**
 * Rough, JMH-free figures for the calls PHP code makes in hot loops: one thread looping over hits on a warmed
 * store, 16-byte keys and 64-byte values. Not a test: run it by hand (see the module README). Prints ns per call
 * for get through the byte[] overload, the (buf, off, len) overload, a miss, an in-place incrBy, and get and
 * incrBy through a thread's handle ({@link KvStore#local()}), then the handle's get into a sink and its set of a
 * 64-byte value without TTL (in place); then the bytes allocated per get, per incrBy and per set.
 * The optional argument is the number of keys cycled through (default 10,000; 1 gives the one-hot-key case).
 */
public final class HotPathBench {
    /** The sink a PHP get uses copies out; here the length is enough to keep the read alive. */
    private static final KvStore.ValueSink<long[]> LENGTH = (total, value) -> total[0] += value.length;
    private static final KvStore.ValueSource<byte[]> ARRAY =
            (value, destination) -> System.arraycopy(value, 0, destination, 0, destination.length);

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        KvStore store = KvStore.create(KvConfig.defaults());
        byte[][] keyArrays = new byte[keys][];
        byte[] buffer = new byte[keys * 16];
        for (int i = 0; i < keys; i++) {
            byte[] key = new byte[16];
            ByteBuffer.wrap(key).putLong(0x6b65793a00000000L | i).putLong(i * 31L);
            keyArrays[i] = key;
            System.arraycopy(key, 0, buffer, i * 16, 16);
            store.set(key.clone(), new byte[64], i % 2 == 0 ? 0 : 3_600_000);
        }
        byte[] missing = new byte[16];
        // Counters under other keys, started at 10^9 so that millions of increments keep their length.
        byte[] counters = buffer.clone();
        for (int i = 0; i < keys; i++) {
            counters[i * 16] = 'c';
            store.set(java.util.Arrays.copyOfRange(counters, i * 16, i * 16 + 16), "1000000000".getBytes(), 0);
            incr(store, counters, i * 16); // the first increment turns the text into a counter
        }
        KvStore.Local local = store.local();
        byte[] value = new byte[64];
        // Values to overwrite under their own keys: a value that may be overwritten in place is handed to
        // get(byte[]) as a copy, which would change what the get loops measure.
        byte[] written = buffer.clone();
        for (int i = 0; i < keys; i++) {
            written[i * 16] = 's';
            local.set(written, i * 16, 16, 64, value, ARRAY, 0);
        }
        long[] total = new long[1];
        for (int round = 0; round < 5; round++) {
            long sink = 0;
            int calls = 20_000_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += store.get(keyArrays[i % keys]).length;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += store.get(buffer, (i % keys) * 16, 16).length;
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                missing[0] = (byte) i;
                sink += store.get(missing) == null ? 1 : 0;
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += incr(store, counters, (i % keys) * 16);
            }
            long t4 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += local.get(buffer, (i % keys) * 16, 16).length;
            }
            long t5 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += incr(local, counters, (i % keys) * 16);
            }
            long t6 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                local.get(buffer, (i % keys) * 16, 16, total, LENGTH);
            }
            long t7 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                value[0] = (byte) i;
                sink += local.set(written, (i % keys) * 16, 16, 64, value, ARRAY, 0) ? 1 : 0;
            }
            long t8 = System.nanoTime();
            System.out.printf("get(byte[]) %.1f ns, get(buf, off, len) %.1f ns, miss %.1f ns, incrBy in place %.1f ns;"
                    + " through local(): get %.1f ns, incrBy %.1f ns, get into a sink %.1f ns, set %.1f ns (%d)%n",
                    (t1 - t0) / (double) calls, (t2 - t1) / (double) calls, (t3 - t2) / (double) calls,
                    (t4 - t3) / (double) calls, (t5 - t4) / (double) calls, (t6 - t5) / (double) calls,
                    (t7 - t6) / (double) calls, (t8 - t7) / (double) calls, sink + total[0]);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        int calls = 10_000_000;
        long sink = 0;
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            sink += store.get(buffer, (i % keys) * 16, 16).length;
        }
        long after = threads.getThreadAllocatedBytes(id);
        System.out.printf("allocated per get(buf, off, len): %.2f bytes (%d)%n", (after - before) / (double) calls, sink);
        before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            sink += incr(store, counters, (i % keys) * 16);
        }
        after = threads.getThreadAllocatedBytes(id);
        System.out.printf("allocated per in-place incrBy: %.2f bytes (%d)%n", (after - before) / (double) calls, sink);
        before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            value[0] = (byte) i;
            sink += local.set(written, (i % keys) * 16, 16, 64, value, ARRAY, 0) ? 1 : 0;
        }
        after = threads.getThreadAllocatedBytes(id);
        System.out.printf("allocated per in-place set: %.2f bytes (%d)%n", (after - before) / (double) calls, sink);
    }

    private static long incr(KvStore store, byte[] buffer, int offset) {
        try {
            return store.incrBy(buffer, offset, 16, 1);
        } catch (IncrFailedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long incr(KvStore.Local local, byte[] buffer, int offset) {
        try {
            return local.incrBy(buffer, offset, 16, 1);
        } catch (IncrFailedException e) {
            throw new IllegalStateException(e);
        }
    }
}
