package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static dev.ephpm.kv.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ephpm.kv.IncrFailedException.Reason;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Increments of an existing counter that keep its length are done in place, outside Caffeine; these tests
 * check that this shortcut keeps every guarantee of the compute it replaces: TTLs, byte accounting, overflow,
 * and atomicity against writes that read the value (EXPIRE, compare-and-delete) or replace it.
 */
class CounterInPlaceTest {
    private final FakeTicker clock = new FakeTicker();

    private static long weight(String key, String value) {
        return key.length() + value.length() + KvStore.ENTRY_OVERHEAD_BYTES;
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void inPlaceIncrementsKeepTtlAndExactBytesAcrossLengthChanges(EvictionPolicy policy) throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults().withEvictionPolicy(policy), clock);
        assertTrue(store.add(b("n"), b("0"), 10_000));
        for (int i = 1; i <= 1_000; i++) {         // 1 .. 1000: lengths 1, 2, 3 and 4
            assertEquals(i, store.incrBy(b("n"), 1));
        }
        assertEquals("1000", s(store.get(b("n"))));
        assertEquals(10_000, store.pttl(b("n")));
        store.cleanUp();
        assertEquals(weight("n", "1000"), store.stats().bytesUsed());

        for (int i = 999; i >= -10; i--) {         // down through 0 to negatives
            assertEquals(i, store.incrBy(b("n"), -1));
        }
        assertEquals("-10", s(store.get(b("n"))));
        store.cleanUp();
        assertEquals(weight("n", "-10"), store.stats().bytesUsed());

        clock.advanceMillis(10_000);                // the TTL still ends the counter
        assertNull(store.get(b("n")));
        assertEquals(1, store.incrBy(b("n"), 1), "a new counter, without TTL");
        assertEquals(-1, store.pttl(b("n")));
    }

    @Test
    void overflowInPlaceLeavesTheValue() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults(), clock);
        store.set(b("n"), b("9223372036854775806"), 0);
        assertEquals(Long.MAX_VALUE, store.incrBy(b("n"), 1));   // becomes a counter
        IncrFailedException e = assertThrows(IncrFailedException.class, () -> store.incrBy(b("n"), 1));
        assertEquals(Reason.OVERFLOW, e.reason());
        assertEquals("9223372036854775807", s(store.get(b("n"))));
        assertEquals(Long.MAX_VALUE - 1, store.incrBy(b("n"), -1));
    }

    @Test
    void valueReadersAndReplacersSeeTheCounterAsItIs() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults(), clock);
        assertEquals(42, store.incrBy(b("n"), 42));
        assertEquals(43, store.incrBy(b("n"), 1));
        assertFalse(store.deleteIf(b("n"), b("42")));
        assertTrue(store.expire(b("n"), 5_000));
        assertEquals(44, store.incrBy(b("n"), 1));
        assertEquals(5_000, store.pttl(b("n")), "EXPIRE turned it into a counter with a TTL");
        assertTrue(store.deleteIf(b("n"), b("44")));
        assertNull(store.get(b("n")));
        assertEquals(1, store.incrBy(b("n"), 1));
        assertTrue(store.set(b("n"), b("text"), 0));
        assertEquals(Reason.NOT_AN_INTEGER,
                assertThrows(IncrFailedException.class, () -> store.incrBy(b("n"), 1)).reason());
        assertEquals("text", s(store.get(b("n"))));
    }

    @Test
    void anArrayReturnedByGetNeverChanges() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults(), clock);
        store.incrBy(b("n"), 5);
        store.incrBy(b("n"), 1);
        byte[] seen = store.get(b("n"));
        store.incrBy(b("n"), 1);
        assertEquals("6", s(seen));
        assertEquals("7", s(store.get(b("n"))));
    }

    /** Increments racing with EXPIRE (which copies the value into a new entry) lose nothing. */
    @Test
    void noIncrementIsLostToConcurrentExpire() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults());
        store.incrBy(b("n"), 100); // three digits for the first 900 increments: in place
        long perThread = 20_000;
        ConcurrencyTest.hammer(t -> {
            for (int i = 0; i < perThread; i++) {
                if (t == 0) {
                    store.expire(b("n"), 3_600_000);
                } else {
                    store.incrBy(b("n"), 1);
                }
            }
        });
        assertEquals(Long.toString(100 + perThread * (ConcurrencyTest.THREADS - 1)), s(store.get(b("n"))));
    }

    /**
     * Compare-and-delete racing with increments: a delete succeeds only for the value the key really held,
     * so the final value is what the increments after the last successful delete added. The incrementers keep
     * going until the deleter has had its deletes (or 10 s), so every delete races with them: with increments
     * as fast as they are in place, a fixed number of tries could see the value change under every one.
     */
    @Test
    void compareAndDeleteNeverRemovesAValueItDidNotSee() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults());
        AtomicLong deletes = new AtomicLong();
        AtomicLong increments = new AtomicLong();
        AtomicLong deletedSum = new AtomicLong();
        AtomicBoolean deleterDone = new AtomicBoolean();
        long deadline = System.nanoTime() + 10_000_000_000L;
        ConcurrencyTest.hammer(t -> {
            if (t == 0) {
                try {
                    while (deletes.get() < 100 && System.nanoTime() - deadline < 0) {
                        byte[] value = store.get(b("n"));
                        if (value != null && store.deleteIf(b("n"), value)) {
                            deletes.incrementAndGet();
                            deletedSum.addAndGet(Long.parseLong(s(value)));
                        }
                    }
                } finally {
                    deleterDone.set(true);
                }
            } else {
                for (int i = 0; i < 20_000 || !deleterDone.get(); i++) {
                    store.incrBy(b("n"), 1);
                    increments.incrementAndGet();
                }
            }
        });
        byte[] last = store.get(b("n"));
        long remaining = last == null ? 0 : Long.parseLong(s(last));
        assertTrue(deletes.get() > 0, "the race must happen to mean anything");
        assertEquals(increments.get(), deletedSum.get() + remaining, "every increment is in exactly one value");
    }
}
