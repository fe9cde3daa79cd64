package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static dev.ephpm.kv.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ephpm.kv.IncrFailedException.Reason;
import org.junit.jupiter.api.Test;

/** A thread's own handle ({@link KvStore#local()}) answers like the store and counts into the same stats. */
class LocalHandleTest {

    @Test
    void answersLikeTheStoreAndCountsIntoItsStats() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults(), new FakeTicker());
        KvStore.Local local = store.local();
        byte[] buf = b("xx-key-yy");              // the key is buf[3, 6)
        store.set(b("key"), b("value"), 0);
        assertEquals("value", s(local.get(buf, 3, 3)));
        assertNull(local.get(buf, 0, 2));
        assertEquals(1, local.incrBy(b("-n-"), 1, 1, 1));
        assertEquals(11, local.incrBy(b("n"), 0, 1, 10));
        assertEquals("11", s(store.get(b("n"))));
        assertEquals(Reason.NOT_AN_INTEGER,
                assertThrows(IncrFailedException.class, () -> local.incrBy(buf, 3, 3, 1)).reason());
        store.get(b("key"));
        assertEquals(3, store.stats().hits(), "one through the handle, two through the store");
        assertEquals(1, store.stats().misses());
    }

    @Test
    void handlesOnManyThreadsAddUpExactly() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults());
        store.set(b("hit"), b("1"), 0);
        int perThread = 50_000;
        ConcurrencyTest.hammer(t -> {
            KvStore.Local local = store.local();
            byte[] hit = b("hit");
            byte[] counter = b("counter");
            byte[] miss = b("miss-" + t);
            for (int i = 0; i < perThread; i++) {
                local.get(hit, 0, hit.length);
                local.get(miss, 0, miss.length);
                local.incrBy(counter, 0, counter.length, 1);
            }
        });
        assertEquals((long) perThread * ConcurrencyTest.THREADS, store.stats().hits());
        assertEquals((long) perThread * ConcurrencyTest.THREADS, store.stats().misses());
        assertEquals(Long.toString((long) perThread * ConcurrencyTest.THREADS), s(store.get(b("counter"))));
    }
}
