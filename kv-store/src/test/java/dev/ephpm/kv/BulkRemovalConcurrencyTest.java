package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static dev.ephpm.kv.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * deletePrefix and flushAll while other threads read and write. What must hold whatever the interleaving:
 * keys outside the prefix are never missing and never lose an update, no matching key that existed before the
 * call survives it, the count is exactly what the call removed, and byte accounting matches what is stored.
 */
class BulkRemovalConcurrencyTest {
    private static final int KEEP = 500;
    private static final int WRITERS_KEYS = 50;

    /** Background threads that run until stopped, keeping the first failure. */
    private static final class Crowd {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong laps = new AtomicLong();

        interface Lap {
            void run() throws Exception;
        }

        void start(Lap lap) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        lap.run();
                        laps.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }

        /** Waits until the threads have done some work, so that the bulk operation overlaps them. */
        void warmUp() throws InterruptedException {
            while (laps.get() < 20_000 && failure.get() == null) {
                Thread.sleep(1);
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
        }
    }

    private static long weight(byte[] key, byte[] value) {
        return key.length + value.length + KvStore.ENTRY_OVERHEAD_BYTES;
    }

    /**
     * @param matching how many "old:" keys exist before the call
     * @param others   how many other keys exist before the call besides the writers' own: more than
     *                 {@code matching} makes deletePrefix remove one by one, fewer makes it replace the table
     */
    @ParameterizedTest(name = "{0}, {1} matching, {2} others")
    @CsvSource({
        "ALLKEYS, 150000, 500", "NOEVICTION, 150000, 500",
        "ALLKEYS, 20000, 40000", "NOEVICTION, 20000, 40000"})
    void deletePrefixWithReadersAndWriters(EvictionPolicy policy, int matching, int others) throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults().withMemoryLimitBytes(1L << 30).withEvictionPolicy(policy));
        for (int i = 0; i < matching; i++) {
            store.set(b("old:" + i), b("v" + i), i % 4 == 0 ? 3_600_000 : 0);
        }
        for (int i = 0; i < others; i++) {
            store.set(b("keep:" + i), b("k" + i), i % 3 == 0 ? 3_600_000 : 0);
        }

        Crowd crowd = new Crowd();
        // readers: keys outside the prefix never go missing, not even while the table is replaced
        for (int r = 0; r < 2; r++) {
            SplittableRandom random = new SplittableRandom(r);
            crowd.start(() -> {
                int i = random.nextInt(Math.min(others, KEEP));
                byte[] value = store.get(b("keep:" + i));
                assertNotNull(value, "keep:" + i + " went missing");
                assertEquals("k" + i, s(value));
            });
        }
        // counters outside the prefix: no increment may be lost
        long[] increments = new long[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            crowd.start(() -> {
                store.incrBy(b("ctr:" + id), 1);
                increments[id]++;
            });
        }
        // versioned writes outside the prefix: the last one written is the one stored
        long[][] versions = new long[2][WRITERS_KEYS];
        for (int t = 0; t < 2; t++) {
            int id = t;
            SplittableRandom random = new SplittableRandom(10 + t);
            crowd.start(() -> {
                int k = random.nextInt(WRITERS_KEYS);
                long v = versions[id][k] + 1;
                assertTrue(store.set(b("ver:" + id + ":" + k), b(Long.toString(v)), 0));
                versions[id][k] = v;
            });
        }
        // new keys under the prefix: each is either removed by the call (and counted) or still there
        List<byte[]> created = new ArrayList<>();
        crowd.start(() -> {
            if (created.size() >= 5_000) {
                Thread.sleep(1); // bounded, so that the matching/others ratio picks the path under test
                return;
            }
            byte[] key = b("old:new:" + created.size());
            assertTrue(store.set(key, b("n"), 0));
            created.add(key);
        });
        // someone else deleting old keys meanwhile: what they removed, the call did not
        long[] deletedByOthers = {0};
        int[] nextToDelete = {matching - 1};
        crowd.start(() -> {
            if (nextToDelete[0] < matching / 2) {
                Thread.sleep(1); // done; stay out of the way on a small machine
            } else if (store.delete(b("old:" + nextToDelete[0]--))) {
                deletedByOthers[0]++;
            }
        });

        crowd.warmUp();
        long removed = store.deletePrefix(b("old:"));
        crowd.stop();

        long createdStillThere = created.stream().filter(k -> store.get(k) != null).count();
        assertEquals(matching - deletedByOthers[0] + created.size() - createdStillThere, removed,
                "the count is what this call removed");
        for (int i = 0; i < matching; i++) {
            assertNull(store.get(b("old:" + i)), "old:" + i + " survived");
        }

        List<byte[]> stored = new ArrayList<>(created);
        for (int i = 0; i < others; i++) {
            assertEquals("k" + i, s(store.get(b("keep:" + i))), "keep:" + i);
            stored.add(b("keep:" + i));
        }
        for (int t = 0; t < 2; t++) {
            assertEquals(Long.toString(increments[t]), s(store.get(b("ctr:" + t))), "increments lost on ctr:" + t);
            stored.add(b("ctr:" + t));
            for (int k = 0; k < WRITERS_KEYS; k++) {
                byte[] value = store.get(b("ver:" + t + ":" + k));
                if (versions[t][k] == 0) {
                    assertNull(value);
                } else {
                    assertEquals(Long.toString(versions[t][k]), s(value), "stale value for ver:" + t + ":" + k);
                    stored.add(b("ver:" + t + ":" + k));
                }
            }
        }
        assertAccountingMatches(store, stored);
    }

    /**
     * The store's entry count and bytes equal those of the live keys among {@code keys} (which must include
     * every key the store may hold), and go back to zero after a flushAll.
     */
    private static void assertAccountingMatches(KvStore store, List<byte[]> keys) {
        long bytes = 0;
        long entries = 0;
        for (byte[] key : keys) {
            byte[] value = store.get(key);
            if (value != null) {
                bytes += weight(key, value);
                entries++;
            }
        }
        store.cleanUp();
        assertEquals(entries, store.stats().entries());
        assertEquals(bytes, store.stats().bytesUsed());
        store.flushAll();
        assertEquals(0, store.stats().entries());
        assertEquals(0, store.stats().bytesUsed());
    }

    /** Evictions during the copy must not bring back a key, nor an older value of it. */
    @Test
    void evictionsDuringTheCopyAreHonoured() throws Exception {
        long limit = 4L << 20;
        KvStore store = KvStore.create(KvConfig.defaults().withMemoryLimitBytes(limit));
        for (int i = 0; i < 12_000; i++) {
            store.set(b("old:" + i), new byte[100], 0);
        }
        Crowd crowd = new Crowd();
        long[][] versions = new long[2][4_000];
        for (int t = 0; t < 2; t++) {
            int id = t;
            SplittableRandom random = new SplittableRandom(t);
            crowd.start(() -> {
                int k = random.nextInt(versions[id].length);
                long v = versions[id][k] + 1;
                byte[] value = new byte[300];
                System.arraycopy(b(Long.toString(v)), 0, value, 0, Long.toString(v).length());
                store.set(b("ver:" + id + ":" + k), value, 0);
                versions[id][k] = v;
            });
        }
        crowd.warmUp();
        for (int round = 0; round < 5; round++) {
            store.deletePrefix(b("old:"));
            for (int i = 0; i < 12_000; i++) {
                store.set(b("old:" + i), new byte[100], 0);
            }
        }
        crowd.stop();
        store.cleanUp();
        assertTrue(store.stats().evictions() > 0, "the test must evict to mean anything");
        assertTrue(store.stats().bytesUsed() <= limit);
        for (int t = 0; t < 2; t++) {
            for (int k = 0; k < versions[t].length; k++) {
                byte[] value = store.get(b("ver:" + t + ":" + k));
                if (value != null) {
                    String stored = new String(value, 0, Long.toString(versions[t][k]).length(),
                            StandardCharsets.UTF_8);
                    assertEquals(Long.toString(versions[t][k]), stored, "an older value came back: ver:" + t + ":" + k);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void flushAllWithReadersAndWriters(EvictionPolicy policy) throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults().withMemoryLimitBytes(1L << 30).withEvictionPolicy(policy));
        Crowd crowd = new Crowd();
        for (int t = 0; t < 3; t++) {
            int id = t;
            SplittableRandom random = new SplittableRandom(t);
            crowd.start(() -> {
                byte[] key = b("w:" + id + ":" + random.nextInt(200));
                switch (random.nextInt(4)) {
                    case 0 -> store.set(key, new byte[random.nextInt(64)], random.nextBoolean() ? 60_000 : 0);
                    case 1 -> store.delete(key);
                    case 2 -> store.incrBy(b("n:" + id), 1);
                    default -> store.get(key);
                }
            });
        }
        crowd.warmUp();
        for (int round = 0; round < 50; round++) {
            store.set(b("before"), b("x"), 0);
            store.flushAll();
            assertNull(store.get(b("before")));
        }
        crowd.stop();

        List<byte[]> keys = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            keys.add(b("n:" + t));
            for (int i = 0; i < 200; i++) {
                keys.add(b("w:" + t + ":" + i));
            }
        }
        assertAccountingMatches(store, keys);
    }
}
