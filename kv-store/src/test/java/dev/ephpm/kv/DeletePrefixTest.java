package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static dev.ephpm.kv.Bytes.raw;
import static dev.ephpm.kv.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeletePrefixTest {
    private final FakeTicker clock = new FakeTicker();
    private final KvStore store = KvStore.create(KvConfig.defaults(), clock);

    @Test
    void deletesExactlyTheKeysWithThePrefix() {
        store.set(b("user:1"), b("a"), 0);
        store.set(b("user:2"), b("b"), 1000);
        store.set(b("user:"), b("c"), 0);
        store.set(b("user"), b("d"), 0);
        store.set(b("users:1"), b("e"), 0);
        store.set(b("xuser:1"), b("f"), 0);
        assertEquals(3, store.deletePrefix(b("user:")));
        assertNull(store.get(b("user:1")));
        assertNull(store.get(b("user:2")));
        assertNull(store.get(b("user:")));
        assertEquals("d", s(store.get(b("user"))));
        assertEquals("e", s(store.get(b("users:1"))));
        assertEquals("f", s(store.get(b("xuser:1"))));
        assertEquals(0, store.deletePrefix(b("user:")));
        assertEquals(3, store.stats().entries());
    }

    @Test
    void binaryPrefixes() {
        store.set(raw(0, 0xFF, 1), b("a"), 0);
        store.set(raw(0, 0xFF), b("b"), 0);
        store.set(raw(0, 0xFE, 1), b("c"), 0);
        assertEquals(2, store.deletePrefix(raw(0, 0xFF)));
        assertTrue(store.exists(raw(0, 0xFE, 1)));
        assertFalse(store.exists(raw(0, 0xFF)));
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
        long deleted = big.deletePrefix(b("sess:"));
        long halfMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(n / 2, deleted);

        start = System.nanoTime();
        long all = big.deletePrefix(b("page:"));
        long scanMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(n / 2, all);

        // a 1M-key table where a prefix matches only 2,000 keys: the cost of the scan alone
        for (int i = 0; i < n; i++) {
            big.set(b("page:" + i), new byte[16], 0);
        }
        start = System.nanoTime();
        assertEquals(2_000, big.deletePrefix(b("user:")));
        long fewMillis = (System.nanoTime() - start) / 1_000_000;

        start = System.nanoTime();
        assertEquals(n, big.deletePrefix(b("page:")));
        long allMillis = (System.nanoTime() - start) / 1_000_000;

        System.out.printf("deletePrefix: 500k of 1M keys in %d ms; 500k of 500k in %d ms; "
                + "2k of 1M in %d ms; 1M of 1M in %d ms%n", halfMillis, scanMillis, fewMillis, allMillis);
        assertTrue(allMillis < 5_000, "deleting 1M keys took " + allMillis + " ms");
        assertEquals(0, big.stats().entries());
    }
}
