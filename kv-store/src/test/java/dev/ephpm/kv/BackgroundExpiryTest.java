package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one test on the real clock: expired memory must come back without any read, write or cleanUp call. */
class BackgroundExpiryTest {

    @Test
    void expiredEntriesAreReclaimedWithoutAnyCall() throws InterruptedException {
        KvStore store = KvStore.create(KvConfig.defaults());
        for (int i = 0; i < 1000; i++) {
            store.set(b("k" + i), new byte[100], 20);
        }
        // Caffeine paces its scheduled maintenance at about a second; allow generous slack on a busy machine.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.stats().entries() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        KvStats stats = store.stats();
        assertEquals(0, stats.entries());
        assertEquals(0, stats.bytesUsed());
        assertEquals(1000, stats.expirations());
    }
}
