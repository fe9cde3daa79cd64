package dev.ephpm.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** admitsSize answers what set would for the sizes alone, and counts what it refuses. */
class AdmitsSizeTest {

    @Test
    void agreesWithTheLimitsAndCountsRefusals() {
        KvStore store = KvStore.create(KvConfig.defaults().withMemoryLimitBytes(KvConfig.MIN_MEMORY_LIMIT_BYTES)
                .withMaxValueBytes(1000), new FakeTicker());
        assertTrue(store.admitsSize(10, 1000));
        assertFalse(store.admitsSize(10, 1001), "over max value size");
        assertFalse(store.admitsSize(store.config().maxKeyBytes() + 1L, 1), "over max key size");
        assertFalse(store.admitsSize(Integer.MAX_VALUE, Long.MAX_VALUE), "far over everything, without overflow");
        assertEquals(3, store.stats().rejectedWrites());

        KvStore small = KvStore.create(KvConfig.defaults().withMemoryLimitBytes(KvConfig.MIN_MEMORY_LIMIT_BYTES),
                new FakeTicker());
        long room = KvConfig.MIN_MEMORY_LIMIT_BYTES - KvStore.ENTRY_OVERHEAD_BYTES;
        assertTrue(small.admitsSize(1, room - 1), "key + value + overhead = the memory limit");
        assertFalse(small.admitsSize(1, room), "one byte more than the memory limit");
    }
}
