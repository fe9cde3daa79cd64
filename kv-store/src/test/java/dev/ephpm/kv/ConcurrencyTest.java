package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static dev.ephpm.kv.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    static final int THREADS = 8;

    interface Body {
        void run(int thread) throws Exception;
    }

    /** Runs body on THREADS threads released together, and rethrows the first failure. */
    static void hammer(Body body) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    body.run(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void concurrentIncrementsOfOneKeyGiveAnExactTotal() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults());
        int perThread = 20_000;
        hammer(t -> {
            for (int i = 0; i < perThread; i++) {
                store.incrBy(b("counter"), (t % 2 == 0) ? 3 : -1);
            }
        });
        long expected = (long) perThread * (THREADS / 2) * 3 - (long) perThread * (THREADS / 2);
        assertEquals(String.valueOf(expected), s(store.get(b("counter"))));
    }

    @Test
    void ofConcurrentAddersExactlyOneWinsEachKey() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults());
        int keys = 2_000;
        AtomicIntegerArray winners = new AtomicIntegerArray(keys);
        int[][] winnerThread = new int[keys][1];
        hammer(t -> {
            for (int k = 0; k < keys; k++) {
                if (store.add(b("key" + k), b("t" + t), 0)) {
                    winners.incrementAndGet(k);
                    winnerThread[k][0] = t;
                }
            }
        });
        for (int k = 0; k < keys; k++) {
            assertEquals(1, winners.get(k), "key" + k);
            assertEquals("t" + winnerThread[k][0], s(store.get(b("key" + k))), "the winner's value stays");
        }
    }

    @Test
    void ofConcurrentDeleteIfCallersExactlyOneWins() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults());
        int rounds = 2_000;
        for (int r = 0; r < rounds; r++) {
            store.set(b("lock" + r), b("token" + r), 0);
        }
        AtomicIntegerArray winners = new AtomicIntegerArray(rounds);
        hammer(t -> {
            for (int r = 0; r < rounds; r++) {
                // equal content in a fresh array each time: comparison is by bytes, not identity
                if (store.deleteIf(b("lock" + r), b("token" + r))) {
                    winners.incrementAndGet(r);
                }
            }
        });
        for (int r = 0; r < rounds; r++) {
            assertEquals(1, winners.get(r), "lock" + r);
            assertNull(store.get(b("lock" + r)));
        }
    }

    @Test
    void concurrentMixedTrafficKeepsEveryKeyConsistent() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults());
        int keys = 64;
        hammer(t -> {
            java.util.SplittableRandom random = new java.util.SplittableRandom(t);
            for (int i = 0; i < 30_000; i++) {
                byte[] key = b("k" + random.nextInt(keys));
                switch (random.nextInt(5)) {
                    case 0 -> store.set(key, key, 0);
                    case 1 -> store.delete(key);
                    case 2 -> store.add(key, key, 1000);
                    default -> {
                        byte[] v = store.get(key);
                        if (v != null && !java.util.Arrays.equals(v, key)) {
                            throw new AssertionError("wrong value for " + s(key) + ": " + s(v));
                        }
                    }
                }
            }
        });
        long live = 0;
        for (int k = 0; k < keys; k++) {
            live += store.exists(b("k" + k)) ? 1 : 0;
        }
        store.cleanUp();
        assertEquals(live, store.stats().entries());
    }
}
