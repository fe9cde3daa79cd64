package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static dev.ephpm.kv.Bytes.raw;
import static dev.ephpm.kv.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * deletePrefix on one thread. It takes one of two paths depending on whether fewer keys match than survive
 * (matching keys removed one by one) or not (survivors copied into a new table that replaces the old one); each
 * behaviour is checked on both paths. Concurrent writers: {@link BulkRemovalConcurrencyTest}.
 */
class DeletePrefixTest {
    private final FakeTicker clock = new FakeTicker();
    private final KvStore store = KvStore.create(KvConfig.defaults(), clock);

    private static long weight(int keyBytes, int valueBytes) {
        return keyBytes + valueBytes + KvStore.ENTRY_OVERHEAD_BYTES;
    }

    @Test
    void deletesExactlyTheKeysWithThePrefix() {
        store.set(b("user:1"), b("a"), 0);
        store.set(b("user:2"), b("b"), 1000);
        store.set(b("user:"), b("c"), 0);
        store.set(b("user"), b("d"), 0);
        store.set(b("users:1"), b("e"), 0);
        store.set(b("xuser:1"), b("f"), 0);
        store.set(b("zzz"), b("g"), 0);
        assertEquals(3, store.deletePrefix(b("user:")));       // 3 of 7 match: removed one by one
        assertNull(store.get(b("user:1")));
        assertNull(store.get(b("user:2")));
        assertNull(store.get(b("user:")));
        assertEquals("d", s(store.get(b("user"))));
        assertEquals("e", s(store.get(b("users:1"))));
        assertEquals("f", s(store.get(b("xuser:1"))));
        assertEquals(0, store.deletePrefix(b("user:")));
        assertEquals(4, store.stats().entries());
    }

    @Test
    void whenMostKeysMatchTheSurvivorsKeepTheirValuesAndTtls() throws Exception {
        for (int i = 0; i < 10; i++) {
            store.set(b("cache:" + i), b("v" + i), i % 2 == 0 ? 0 : 60_000);
        }
        store.set(b("session:a"), b("alice"), 0);
        store.set(b("session:b"), b("bob"), 5_000);
        store.incrBy(b("hits"), 41);
        clock.advanceMillis(1_000);

        assertEquals(10, store.deletePrefix(b("cache:")));    // 10 of 13 match: survivors move to a new table
        for (int i = 0; i < 10; i++) {
            assertNull(store.get(b("cache:" + i)));
            assertFalse(store.exists(b("cache:" + i)));
        }
        assertEquals("alice", s(store.get(b("session:a"))));
        assertEquals(-1, store.pttl(b("session:a")));
        assertEquals("bob", s(store.get(b("session:b"))));
        assertEquals(4_000, store.pttl(b("session:b")));
        assertEquals(42, store.incrBy(b("hits"), 1));
        assertEquals(3, store.stats().entries());
        assertEquals(weight(9, 5) + weight(9, 3) + weight(4, 2), store.stats().bytesUsed());

        // the survivor's TTL still runs out, and counts as an expiration, in the new table
        clock.advanceMillis(4_000);
        assertNull(store.get(b("session:b")));
        clock.advancePastReclaim();
        store.cleanUp();
        assertEquals(1, store.stats().expirations());
        assertEquals(2, store.stats().entries());
        assertEquals(weight(9, 5) + weight(4, 2), store.stats().bytesUsed());
    }

    @Test
    void binaryPrefixes() {
        store.set(raw(0, 0xFF, 1), b("a"), 0);
        store.set(raw(0, 0xFF), b("b"), 0);
        store.set(raw(0, 0xFE, 1), b("c"), 0);
        assertEquals(2, store.deletePrefix(raw(0, 0xFF)));
        assertTrue(store.exists(raw(0, 0xFE, 1)));
        assertFalse(store.exists(raw(0, 0xFF)));
        assertFalse(store.exists(raw(0, 0xFF, 1)));
    }

    @Test
    void emptyPrefixDeletesEverythingAndExpiredKeysAreNotCounted() {
        store.set(b("a"), b("1"), 0);
        store.set(b("b"), b("1"), 0);
        store.set(b("dead"), b("1"), 10);
        clock.advanceMillis(10);
        assertEquals(2, store.deletePrefix(new byte[0]));
        clock.advancePastReclaim();
        store.cleanUp();
        assertEquals(0, store.stats().entries());
        assertEquals(0, store.stats().bytesUsed());
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void expiredKeysAreNotCountedOnEitherPath(EvictionPolicy policy) {
        KvStore s = KvStore.create(KvConfig.defaults().withEvictionPolicy(policy), clock);
        // few matching (one by one): 2 live + 2 dead under "a:", 6 others
        s.set(b("a:1"), b("x"), 0);
        s.set(b("a:2"), b("x"), 0);
        s.set(b("a:3"), b("x"), 5);
        s.set(b("a:4"), b("x"), 5);
        for (int i = 0; i < 6; i++) {
            s.set(b("o:" + i), b("x"), 0);
        }
        clock.advanceMillis(5);
        assertEquals(2, s.deletePrefix(b("a:")));
        // most matching (new table): 5 live + 1 dead under "o:", one survivor
        s.set(b("o:0"), b("y"), 5);
        clock.advanceMillis(5);
        s.set(b("keep"), b("k"), 0);
        assertEquals(5, s.deletePrefix(b("o:")));
        assertEquals("k", s(s.get(b("keep"))));
        clock.advancePastReclaim();
        s.cleanUp();
        assertEquals(1, s.stats().entries());
        assertEquals(weight(4, 1), s.stats().bytesUsed());
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void bytesGoBackToZeroAfterDeletingEverythingEitherWay(EvictionPolicy policy) {
        KvStore s = KvStore.create(KvConfig.defaults().withEvictionPolicy(policy), clock);
        for (int i = 0; i < 1_000; i++) {
            s.set(b("k:" + i), new byte[i % 50], i % 3 == 0 ? 60_000 : 0);
        }
        assertEquals(11, s.deletePrefix(b("k:99")));          // k:99, k:990..k:999: one by one
        assertEquals(989, s.deletePrefix(b("k:")));           // everything else: new table
        s.cleanUp();
        assertEquals(0, s.stats().entries());
        assertEquals(0, s.stats().bytesUsed());
        // and the store works normally afterwards, with exact accounting
        assertTrue(s.set(b("k:1"), new byte[10], 0));
        s.cleanUp();
        assertEquals(weight(3, 10), s.stats().bytesUsed());
    }

    @Test
    void countersSurviveAndRemovalIsNotEviction() {
        store.set(b("p:1"), b("1"), 0);
        store.set(b("p:2"), b("1"), 0);
        store.get(b("p:1"));
        store.get(b("nope"));
        assertEquals(2, store.deletePrefix(b("p:")));
        KvStats stats = store.stats();
        assertEquals(1, stats.hits());
        assertEquals(1, stats.misses());
        assertEquals(0, stats.evictions());
        assertEquals(0, stats.expirations());
    }

    @Test
    void noevictionHasRoomAgainRightAfterTheNewTableReplacesTheOld() {
        KvStore s = KvStore.create(KvConfig.defaults().withMemoryLimitBytes(KvConfig.MIN_MEMORY_LIMIT_BYTES)
                .withEvictionPolicy(EvictionPolicy.NOEVICTION), clock);
        int n = 0;
        while (s.set(b("fill:" + n), new byte[1000], 0)) {
            n++;
        }
        assertTrue(n > 10);
        assertEquals(n, s.deletePrefix(b("fill:")));
        assertEquals(0, s.stats().bytesUsed());
        for (int i = 0; i < n; i++) {
            assertTrue(s.set(b("again:" + i), new byte[1000], 0), "again:" + i);
        }
    }

    /** A million keys, on both paths, with exact counts. Times are printed; BulkRemovalBench measures them. */
    @Test
    void oneMillionKeys() {
        KvStore big = KvStore.create(KvConfig.defaults().withMemoryLimitBytes(1L << 30));
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            // half the keys match, interleaved with the rest, so the scan cannot shortcut
            big.set(b((i % 2 == 0 ? "sess:" : "page:") + i), new byte[16], 0);
        }
        for (int i = 0; i < 2_000; i++) {
            big.set(b("user:" + i), new byte[16], 0);
        }
        long start = System.nanoTime();
        assertEquals(2_000, big.deletePrefix(b("user:")));
        long fewMillis = (System.nanoTime() - start) / 1_000_000;

        start = System.nanoTime();
        assertEquals(n / 2, big.deletePrefix(b("sess:")));
        long halfMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(n / 2, big.stats().entries());
        assertEquals(16, big.get(b("page:1")).length);
        assertNull(big.get(b("sess:0")));

        start = System.nanoTime();
        assertEquals(n / 2, big.deletePrefix(b("page:")));
        long allMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, big.stats().entries());
        big.cleanUp();
        assertEquals(0, big.stats().bytesUsed());
        System.out.printf("deletePrefix on 1M keys: 2k match %d ms; 500k match %d ms; then all 500k left %d ms%n",
                fewMillis, halfMillis, allMillis);
    }
}
