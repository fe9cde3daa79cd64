package dev.ephpm.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class KvConfigTest {

    @Test
    void defaults() {
        KvConfig d = KvConfig.defaults();
        assertEquals(256L << 20, d.memoryLimitBytes());
        assertEquals(EvictionPolicy.ALLKEYS, d.evictionPolicy());
        assertEquals(64 << 10, d.maxKeyBytes());
        assertEquals(64 << 20, d.maxValueBytes());
        assertEquals(d, KvStore.create(d).config());
    }

    @Test
    void withersChangeOneSetting() {
        KvConfig c = KvConfig.defaults().withMemoryLimitBytes(1 << 20).withEvictionPolicy(EvictionPolicy.NOEVICTION)
                .withMaxKeyBytes(250).withMaxValueBytes(1 << 16);
        assertEquals(new KvConfig(1 << 20, EvictionPolicy.NOEVICTION, 250, 1 << 16), c);
    }

    private static void assertRejected(String setting, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }

    @Test
    void badValuesAreRejectedNamingTheSetting() {
        KvConfig d = KvConfig.defaults();
        assertRejected("memoryLimitBytes", () -> d.withMemoryLimitBytes(0));
        assertRejected("memoryLimitBytes", () -> d.withMemoryLimitBytes(-1));
        assertRejected("memoryLimitBytes", () -> d.withMemoryLimitBytes(64 * 1024 - 1));
        assertRejected("evictionPolicy", () -> d.withEvictionPolicy(null));
        assertRejected("maxKeyBytes", () -> d.withMaxKeyBytes(0));
        assertRejected("maxValueBytes", () -> d.withMaxValueBytes(19));
        assertRejected("maxKeyBytes + maxValueBytes", () -> d.withMaxValueBytes(Integer.MAX_VALUE));
        d.withMemoryLimitBytes(64 * 1024).withMaxValueBytes(20).withMaxKeyBytes(1);
    }

    @Test
    void evictionPolicyParsesConfigSpellings() {
        assertEquals(EvictionPolicy.ALLKEYS, EvictionPolicy.parse("allkeys-lru"));
        assertEquals(EvictionPolicy.ALLKEYS, EvictionPolicy.parse("ALLKEYS_LFU"));
        assertEquals(EvictionPolicy.ALLKEYS, EvictionPolicy.parse(" allkeys "));
        assertEquals(EvictionPolicy.NOEVICTION, EvictionPolicy.parse("noeviction"));
        assertRejected("evictionPolicy", () -> EvictionPolicy.parse("volatile-lru"));
        assertRejected("evictionPolicy", () -> EvictionPolicy.parse(null));
    }
}
