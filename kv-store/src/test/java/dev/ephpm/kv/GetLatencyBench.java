package dev.ephpm.kv;

import java.nio.ByteBuffer;

/**
 * A rough, JMH-free figure for get(): one thread looping over hits on a warmed store, 16-byte keys and
 * 64-byte values. Not a test: run it by hand (see the module README). Prints ns per call for the byte[]
 * overload, the (buf, off, len) overload, and a miss.
 */
public final class GetLatencyBench {
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
            System.out.printf("get(byte[]) %.1f ns, get(buf, off, len) %.1f ns, miss %.1f ns (%d)%n",
                    (t1 - t0) / (double) calls, (t2 - t1) / (double) calls, (t3 - t2) / (double) calls, sink);
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
    }
}
