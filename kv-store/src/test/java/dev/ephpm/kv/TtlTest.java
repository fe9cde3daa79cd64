package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static dev.ephpm.kv.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TtlTest {
    private final FakeTicker clock = new FakeTicker();
    private final KvStore store = KvStore.create(KvConfig.defaults(), clock);

    @Test
    void keyIsVisibleUntilJustBeforeItsDeadlineAndGoneExactlyAtIt() {
        store.set(b("k"), b("v"), 1000);
        clock.advanceNanos(1000 * 1_000_000L - 1);
        assertEquals("v", s(store.get(b("k"))));
        assertTrue(store.exists(b("k")));
        assertEquals(1, store.pttl(b("k")), "1 ns left rounds up to 1 ms");
        clock.advanceNanos(1);
        assertNull(store.get(b("k")));
        assertFalse(store.exists(b("k")));
        assertEquals(-2, store.pttl(b("k")));
        assertEquals(-2, store.ttl(b("k")));
    }

    @Test
    void everyReadPathHonoursTheDeadline() {
        // get() sends one read in KeyProbe.SAMPLE_EVERY, at random, through Caffeine's recording path and the
        // rest through quiet lookups; 40 * SAMPLE_EVERY reads cross both, on both overloads (that none of them is
        // sampled has a chance of (7/8)^320, about 1e-19).
        store.set(b("k"), b("v"), 100);
        byte[] buf = b("__k__");
        clock.advanceNanos(100 * 1_000_000L - 1);
        for (int i = 0; i < 20 * KeyProbe.SAMPLE_EVERY; i++) {
            assertEquals("v", s(store.get(b("k"))));
            assertEquals("v", s(store.get(buf, 2, 1)));
        }
        clock.advanceNanos(1);
        for (int i = 0; i < 20 * KeyProbe.SAMPLE_EVERY; i++) {
            assertNull(store.get(b("k")));
            assertNull(store.get(buf, 2, 1));
        }
        assertEquals(40 * KeyProbe.SAMPLE_EVERY, store.stats().hits());
        assertEquals(40 * KeyProbe.SAMPLE_EVERY, store.stats().misses());
    }

    @Test
    void expiredKeyIsNotReturnedEvenIfNothingHasCleanedUp() {
        store.set(b("k"), b("v"), 5);
        clock.advanceMillis(10_000);
        assertNull(store.get(b("k")), "read checks the deadline itself");
        assertEquals(1, store.stats().misses());
    }

    @Test
    void pttlAndTtlRounding() {
        store.set(b("k"), b("v"), 10_000);
        assertEquals(10_000, store.pttl(b("k")));
        assertEquals(10, store.ttl(b("k")));
        clock.advanceMillis(8_500);           // 1500 ms left
        assertEquals(1500, store.pttl(b("k")));
        assertEquals(2, store.ttl(b("k")), "Redis: (1500 + 500) / 1000");
        clock.advanceMillis(1);               // 1499 ms left
        assertEquals(1, store.ttl(b("k")));
        clock.advanceMillis(1000);            // 499 ms left
        assertEquals(499, store.pttl(b("k")));
        assertEquals(0, store.ttl(b("k")), "a live key can report TTL 0, as in Redis");
        clock.advanceNanos(400_000);          // 498.6 ms left
        assertEquals(499, store.pttl(b("k")), "rounded up");
    }

    @Test
    void noTtlAndMissingKeysReportMinusOneAndMinusTwo() {
        store.set(b("forever"), b("v"), 0);
        store.set(b("negative"), b("v"), -5);
        assertEquals(-1, store.pttl(b("forever")));
        assertEquals(-1, store.ttl(b("forever")));
        assertEquals(-1, store.pttl(b("negative")));
        assertEquals(-2, store.pttl(b("missing")));
        assertEquals(-2, store.ttl(b("missing")));
        clock.advanceMillis(365L * 24 * 3600 * 1000);
        assertEquals("v", s(store.get(b("forever"))));
    }

    @Test
    void setClearsAPreviousTtl() {
        store.set(b("k"), b("v1"), 1000);
        store.set(b("k"), b("v2"), 0);
        assertEquals(-1, store.pttl(b("k")));
        clock.advanceMillis(5000);
        assertEquals("v2", s(store.get(b("k"))));
    }

    @Test
    void setReplacesATtlWithANewOne() {
        store.set(b("k"), b("v1"), 1000);
        clock.advanceMillis(900);
        store.set(b("k"), b("v2"), 1000);
        clock.advanceMillis(900);
        assertEquals("v2", s(store.get(b("k"))));
        assertEquals(100, store.pttl(b("k")));
    }

    @Test
    void expireSetsAndReplacesTheTtl() {
        assertFalse(store.expire(b("missing"), 1000));
        store.set(b("k"), b("v"), 0);
        assertTrue(store.expire(b("k"), 2000));
        assertEquals(2000, store.pttl(b("k")));
        assertTrue(store.expire(b("k"), 500));
        assertEquals(500, store.pttl(b("k")));
        assertEquals("v", s(store.get(b("k"))));
        clock.advanceMillis(500);
        assertNull(store.get(b("k")));
        assertFalse(store.expire(b("k"), 1000), "an expired key is missing");
    }

    @Test
    void expireWithZeroOrNegativeTtlDeletes() {
        store.set(b("a"), b("v"), 0);
        store.set(b("b"), b("v"), 1000);
        assertTrue(store.expire(b("a"), 0));
        assertTrue(store.expire(b("b"), -1));
        assertFalse(store.exists(b("a")));
        assertFalse(store.exists(b("b")));
        assertFalse(store.expire(b("a"), 0));
        assertEquals(0, store.stats().entries());
        assertEquals(0, store.stats().expirations(), "an explicit delete is not an expiration");
    }

    @Test
    void incrKeepsTheTtlOfAnExistingKey() throws IncrFailedException {
        store.set(b("n"), b("5"), 1000);
        clock.advanceMillis(400);
        assertEquals(7, store.incrBy(b("n"), 2));
        assertEquals(600, store.pttl(b("n")));
        clock.advanceMillis(599);
        assertEquals("7", s(store.get(b("n"))));
        clock.advanceMillis(1);
        assertNull(store.get(b("n")));
    }

    @Test
    void incrOnAnExpiredKeyStartsFromZeroWithoutTtl() throws IncrFailedException {
        store.set(b("n"), b("100"), 1000);
        clock.advanceMillis(1000);
        assertEquals(1, store.incrBy(b("n"), 1));
        assertEquals(-1, store.pttl(b("n")));
        // also when the expired value was not even an integer
        store.set(b("t"), b("text"), 10);
        clock.advanceMillis(10);
        assertEquals(3, store.incrBy(b("t"), 3));
    }

    @Test
    void addOverAnExpiredKeySucceedsWithItsOwnTtl() {
        store.set(b("k"), b("old"), 1000);
        assertFalse(store.add(b("k"), b("new"), 0));
        clock.advanceMillis(1000);
        assertTrue(store.add(b("k"), b("new"), 3000));
        assertEquals("new", s(store.get(b("k"))));
        assertEquals(3000, store.pttl(b("k")));
    }

    @Test
    void deleteAndDeleteIfOfAnExpiredKeyReportNothingDeleted() {
        store.set(b("a"), b("v"), 10);
        store.set(b("b"), b("v"), 10);
        clock.advanceMillis(10);
        assertFalse(store.delete(b("a")));
        assertFalse(store.deleteIf(b("b"), b("v")));
    }

    @Test
    void expiredEntriesAreReclaimedByCleanUpWithoutAnyRead() {
        for (int i = 0; i < 1000; i++) {
            store.set(b("short" + i), new byte[100], 50);
        }
        store.set(b("long"), new byte[100], 0);
        long before = store.stats().bytesUsed();
        clock.advanceMillis(50);
        store.cleanUp();
        assertNull(store.get(b("short0")), "dead at once, even if not reclaimed yet");
        clock.advancePastReclaim();
        store.cleanUp();
        KvStats stats = store.stats();
        assertEquals(1, stats.entries());
        assertEquals(1000, stats.expirations());
        assertEquals(0, stats.evictions());
        assertEquals(4 + 100 + KvStore.ENTRY_OVERHEAD_BYTES, stats.bytesUsed());
        assertTrue(before > stats.bytesUsed());
    }

    @Test
    void hugeTtlsAreClampedNotOverflowed() {
        store.set(b("k"), b("v"), Long.MAX_VALUE);
        long pttl = store.pttl(b("k"));
        assertEquals(CaffeineKvStore.MAX_TTL_MILLIS, pttl);
        assertTrue(store.expire(b("k"), Long.MAX_VALUE / 2));
        clock.advanceMillis(50L * 365 * 24 * 3600 * 1000);
        assertEquals("v", s(store.get(b("k"))));
    }

    @Test
    void ttlsWorkAcrossTheTickerWrappingAround() {
        FakeTicker wrapping = new FakeTicker();
        wrapping.advanceNanos(Long.MAX_VALUE - wrapping.read() - 500_000_000L); // 0.5 s before overflow
        KvStore s = KvStore.create(KvConfig.defaults(), wrapping);
        s.set(b("k"), b("v"), 1000);
        wrapping.advanceMillis(999);
        assertEquals("v", Bytes.s(s.get(b("k"))));
        assertEquals(1, s.pttl(b("k")));
        wrapping.advanceMillis(1);
        assertNull(s.get(b("k")));
        wrapping.advancePastReclaim();
        s.cleanUp();
        assertEquals(0, s.stats().entries());
        assertEquals(1, s.stats().expirations());
    }
}
