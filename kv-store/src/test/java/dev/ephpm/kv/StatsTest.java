package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsTest {
    private final FakeTicker clock = new FakeTicker();

    @Test
    void countersTrackWhatHappened() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults().withMemoryLimitBytes(KvConfig.MIN_MEMORY_LIMIT_BYTES)
                .withMaxValueBytes(1000), clock);
        assertEquals(new KvStats(0, 0, KvConfig.MIN_MEMORY_LIMIT_BYTES, 0, 0, 0, 0, 0), store.stats());

        store.set(b("a"), b("1"), 0);
        store.set(b("t"), b("1"), 10);
        store.get(b("a"));
        store.get(b("a"));
        store.get(b("missing"));
        store.getMany(new byte[][] {b("a"), b("nope")});
        // these do not count as lookups
        store.exists(b("a"));
        store.pttl(b("missing"));
        store.incrBy(b("a"), 1);
        store.set(b("big"), new byte[1001], 0);        // rejected: over maxValueBytes

        clock.advanceMillis(10);
        store.get(b("t"));                             // miss: expired
        clock.advancePastReclaim();
        store.cleanUp();
        KvStats stats = store.stats();
        assertEquals(3, stats.hits());
        assertEquals(3, stats.misses());
        assertEquals(1, stats.expirations());
        assertEquals(1, stats.rejectedWrites());
        assertEquals(0, stats.evictions());
        assertEquals(1, stats.entries());
        assertEquals(0.5, stats.hitRate());

        // fill far past the 64 KiB limit: evictions, not expirations
        for (int i = 0; i < 1000; i++) {
            store.set(b("k" + i), new byte[500], 0);
        }
        store.cleanUp();
        stats = store.stats();
        long evicted = 1000 + 1 - stats.entries();
        assertEquals(evicted, stats.evictions());
        assertEquals(1, stats.expirations());

        store.flushAll();
        assertEquals(evicted, store.stats().evictions(), "explicit removal is not eviction");
        assertEquals(0, store.stats().entries());
    }

    @Test
    void hitRateIsZeroBeforeAnyLookup() {
        assertEquals(0.0, new KvStats(0, 0, 1, 0, 0, 0, 0, 0).hitRate());
    }
}
