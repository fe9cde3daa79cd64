package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static dev.ephpm.kv.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A set through {@link KvStore.Local} of a value as long as the stored one, without TTL, copies the bytes over
 * the stored ones instead of storing a new entry. These tests check that the shortcut keeps what a new entry
 * would give: the value, TTL and byte accounting; readers that never see half of one value and half of another;
 * and atomicity against the writes that read the old value first (EXPIRE, compare-and-delete, add, increments).
 */
class OverwriteInPlaceTest {
    private final FakeTicker clock = new FakeTicker();

    /** Copies a Java array in, as the PHP layer copies a PHP string; counts the copies. */
    private static final class Source {
        final AtomicInteger copies = new AtomicInteger();

        boolean set(KvStore.Local local, String key, byte[] value, long ttlMillis) {
            byte[] k = b(key);
            return local.set(k, 0, k.length, value.length, value, (v, destination) -> {
                copies.incrementAndGet();
                System.arraycopy(v, 0, destination, 0, destination.length);
            }, ttlMillis);
        }
    }

    private static byte[] get(KvStore.Local local, String key) {
        byte[] k = b(key);
        byte[][] out = new byte[1][];
        return local.get(k, 0, k.length, out, (o, value) -> o[0] = value.clone()) ? out[0] : null;
    }

    private static Entry entry(KvStore store, String key) {
        return ((CaffeineKvStore) store).currentGeneration().peek(new Key(b(key)));
    }

    private static long weight(String key, int valueLength) {
        return key.length() + valueLength + KvStore.ENTRY_OVERHEAD_BYTES;
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void aValueOfTheSameLengthIsCopiedOverTheStoredOne(EvictionPolicy policy) {
        KvStore store = KvStore.create(KvConfig.defaults().withEvictionPolicy(policy), clock);
        KvStore.Local local = store.local();
        Source source = new Source();
        assertTrue(source.set(local, "k", b("first"), 0));
        Entry stored = entry(store, "k");
        assertTrue(stored instanceof Entry.Overwritable);

        assertTrue(source.set(local, "k", b("again"), 0));
        assertSame(stored, entry(store, "k"), "overwritten in place, not replaced");
        assertEquals("again", s(get(local, "k")));
        assertEquals("again", s(store.get(b("k"))));
        assertEquals(-1, store.pttl(b("k")));
        store.cleanUp();
        assertEquals(1, store.stats().entries());
        assertEquals(weight("k", 5), store.stats().bytesUsed());
        assertEquals(2, source.copies.get(), "each value copied once");

        assertTrue(source.set(local, "k", b("longer!"), 0)); // another length: a new entry
        assertNotSame(stored, entry(store, "k"));
        assertEquals("longer!", s(get(local, "k")));
        store.cleanUp();
        assertEquals(weight("k", 7), store.stats().bytesUsed());

        assertTrue(source.set(local, "e", new byte[0], 0)); // empty values too
        assertTrue(source.set(local, "e", new byte[0], 0));
        assertArrayEquals(new byte[0], get(local, "e"));
    }

    @Test
    void aTtlMakesANewEntryAndASetWithoutOneClearsIt() {
        KvStore store = KvStore.create(KvConfig.defaults(), clock);
        KvStore.Local local = store.local();
        Source source = new Source();
        source.set(local, "k", b("aaaa"), 0);
        Entry plain = entry(store, "k");

        assertTrue(source.set(local, "k", b("bbbb"), 5_000));
        assertNotSame(plain, entry(store, "k"), "a TTL is Caffeine's to track: never in place");
        assertEquals(5_000, store.pttl(b("k")));
        clock.advanceMillis(4_999);
        assertEquals("bbbb", s(get(local, "k")));
        clock.advanceMillis(1);
        assertNull(get(local, "k"));

        source.set(local, "k", b("cccc"), 5_000);
        assertTrue(source.set(local, "k", b("dddd"), 0));
        assertEquals(-1, store.pttl(b("k")), "set without TTL clears it");
        clock.advanceMillis(10_000);
        assertEquals("dddd", s(get(local, "k")));
        assertTrue(entry(store, "k") instanceof Entry.Overwritable);
    }

    @Test
    void valuesOthersHoldNeverChange() {
        KvStore store = KvStore.create(KvConfig.defaults(), clock);
        KvStore.Local local = store.local();
        Source source = new Source();

        byte[] callers = b("mine");
        store.set(b("k"), callers, 0);            // the caller's array: shared, so never overwritten
        assertTrue(source.set(local, "k", b("next"), 0));
        assertEquals("mine", s(callers));

        byte[] read = store.get(b("k"));         // a value that may be overwritten is handed out as a copy
        assertTrue(source.set(local, "k", b("last"), 0));
        assertEquals("next", s(read));
        assertEquals("last", s(store.get(b("k"))));
        byte[][] many = store.getMany(new byte[][] {b("k")});
        assertTrue(source.set(local, "k", b("more"), 0));
        assertEquals("last", s(many[0]));

        store.set(b("plain"), callers, 0);        // plain entries' arrays are still shared, not copied
        assertSame(callers, store.get(b("plain")));
        byte[] k = b("plain");
        AtomicBoolean same = new AtomicBoolean();
        assertTrue(local.get(k, 0, k.length, callers, (expected, value) -> same.set(value == expected)));
        assertTrue(same.get(), "the sink gets the stored array, not a copy");
    }

    @Test
    void refusedSizesAreRefusedBeforeTheValueIsCopied() {
        KvStore store = KvStore.create(KvConfig.defaults().withMaxValueBytes(20), clock);
        KvStore.Local local = store.local();
        Source source = new Source();
        assertTrue(source.set(local, "k", b("small"), 0));
        assertFalse(source.set(local, "k", new byte[21], 0));
        assertFalse(source.set(local, "k", new byte[21], 1_000));
        assertEquals(1, source.copies.get());
        assertEquals("small", s(get(local, "k")), "the previous value is still there");
        assertEquals(2, store.stats().rejectedWrites());
    }

    /** A source must not throw; one that does while overwriting leaves no half-written value behind. */
    @Test
    void aSourceThatThrowsMidwayLeavesNoMixedValue() {
        KvStore store = KvStore.create(KvConfig.defaults(), clock);
        KvStore.Local local = store.local();
        new Source().set(local, "k", b("aaaa"), 0);
        byte[] k = b("k");
        IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> local.set(k, 0, 1, 4, null, (ignored, d) -> {
                    d[0] = 'b';
                    throw new IllegalStateException("source failed");
                }, 0));
        assertEquals("source failed", thrown.getMessage());
        assertNull(get(local, "k"), "removed, not left as \"baaa\"");
        store.cleanUp();
        assertEquals(0, store.stats().entries());
        assertTrue(new Source().set(local, "k", b("cccc"), 0), "the key works as before");
        assertEquals("cccc", s(get(local, "k")));
    }

    @Test
    void valuesOverTheInPlaceLimitGetANewArray() {
        KvStore store = KvStore.create(KvConfig.defaults(), clock);
        KvStore.Local local = store.local();
        Source source = new Source();
        byte[] big = new byte[Entry.Overwritable.MAX_BYTES + 1];
        source.set(local, "big", big, 0);
        Entry first = entry(store, "big");
        assertFalse(first instanceof Entry.Mutable, "a plain entry, whose array readers may share");
        big[0] = 1;
        source.set(local, "big", big, 0);
        assertNotSame(first, entry(store, "big"));
        assertEquals(1, get(local, "big")[0]);
    }

    /**
     * Readers racing with overwrites of 4 KiB values, each value one repeated byte: every value read, through the
     * sink (which may be called again) or as a copy, is one whole value. The writers keep going until the readers
     * have read 20,000 values (or 10 s): an in-place overwrite takes tens of nanoseconds, so a fixed number of them
     * can be over before the readers start.
     */
    @Test
    void readersNeverSeeHalfOfOneValueAndHalfOfAnother() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults());
        byte[] key = b("k");
        store.local().set(key, 0, 1, 4096, null, (ignored, d) -> Arrays.fill(d, (byte) 'a'), 0);
        AtomicBoolean writersDone = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        AtomicLong torn = new AtomicLong();
        AtomicInteger writers = new AtomicInteger(ConcurrencyTest.THREADS / 2);
        long deadline = System.nanoTime() + 10_000_000_000L;
        ConcurrencyTest.hammer(t -> {
            KvStore.Local local = store.local();
            if (t % 2 == 0) {
                try {
                    for (int i = 0; (i < 50_000 || reads.get() < 20_000) && System.nanoTime() - deadline < 0; i++) {
                        byte fill = (byte) ('a' + (i + t) % 26);
                        local.set(key, 0, 1, 4096, null, (ignored, d) -> Arrays.fill(d, fill), 0);
                    }
                } finally {
                    if (writers.decrementAndGet() == 0) {
                        writersDone.set(true);
                    }
                }
                return;
            }
            byte[] copy = new byte[4096];
            while (!writersDone.get()) {
                assertTrue(local.get(key, 0, 1, copy, (c, value) -> System.arraycopy(value, 0, c, 0, 4096)));
                byte[] viaCopy = t % 4 == 1 ? store.get(key) : store.getMany(new byte[][] {key})[0];
                for (byte[] value : List.of(copy, viaCopy)) {
                    reads.incrementAndGet();
                    for (byte x : value) {
                        if (x != value[0]) {
                            torn.incrementAndGet();
                            break;
                        }
                    }
                }
            }
        });
        assertTrue(reads.get() >= 20_000, "the race must happen to mean anything: " + reads.get());
        assertEquals(0, torn.get(), "torn reads among " + reads.get());
    }

    /**
     * A writer overwriting in place while another thread deletes whatever value it sees, if unchanged: a set that
     * returned true is then either what the key holds or a value a compare-and-delete saw and removed. An
     * overwrite landing on an entry the delete had already removed would be lost without either.
     */
    @Test
    void noOverwriteIsLostToCompareAndDelete() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults());
        Set<String> deleted = ConcurrentHashMap.newKeySet();
        List<String> missing = new ArrayList<>();
        AtomicBoolean writerDone = new AtomicBoolean();
        AtomicLong deletes = new AtomicLong();
        long deadline = System.nanoTime() + 10_000_000_000L;
        ConcurrencyTest.hammer(t -> {
            KvStore.Local local = store.local();
            Source source = new Source();
            if (t == 0) {
                try {
                    for (int i = 0; i < 200_000 && (i < 20_000 || deletes.get() < 100)
                            && System.nanoTime() - deadline < 0; i++) {
                        String value = String.format("v%09d", i);
                        assertTrue(source.set(local, "k", b(value), 0));
                        byte[] now = get(local, "k");
                        if (now == null) {
                            missing.add(value);
                        } else {
                            assertEquals(value, s(now), "only this thread writes");
                        }
                    }
                } finally {
                    writerDone.set(true);
                }
            } else if (t == 1) {
                while (!writerDone.get()) {
                    byte[] value = store.get(b("k"));
                    if (value != null && store.deleteIf(b("k"), value)) {
                        deleted.add(s(value));
                        deletes.incrementAndGet();
                    }
                }
            }
        });
        assertTrue(deletes.get() > 0, "the race must happen to mean anything");
        for (String value : missing) {
            assertTrue(deleted.contains(value), value + " was set, then gone, but no delete saw it");
        }
    }

    /** EXPIRE copies the value into a timed entry: racing overwrites are neither lost nor torn in the copy. */
    @Test
    void noOverwriteIsLostToConcurrentExpire() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults());
        AtomicBoolean writerDone = new AtomicBoolean();
        AtomicLong expires = new AtomicLong();
        long deadline = System.nanoTime() + 10_000_000_000L;
        ConcurrencyTest.hammer(t -> {
            KvStore.Local local = store.local();
            if (t == 0) {
                try {
                    for (int i = 0; (i < 100_000 || expires.get() < 100) && System.nanoTime() - deadline < 0; i++) {
                        byte fill = (byte) ('a' + i % 26);
                        byte[] k = b("k");
                        assertTrue(local.set(k, 0, 1, 1024, null, (ignored, d) -> Arrays.fill(d, fill), 0));
                        byte[] now = get(local, "k");
                        assertEquals(1024, now.length);
                        for (byte x : now) {
                            assertEquals(fill, x, "the value just set, whole");
                        }
                    }
                } finally {
                    writerDone.set(true);
                }
            } else if (t == 1) {
                while (!writerDone.get()) {
                    if (store.expire(b("k"), 3_600_000)) {
                        expires.incrementAndGet();
                    }
                }
            }
        });
        assertTrue(expires.get() > 0, "the race must happen to mean anything");
    }

    /** add over an overwritable value fails and leaves it overwritable; increments convert it to a counter. */
    @Test
    void otherWritesSeeTheValueAsItIs() throws Exception {
        KvStore store = KvStore.create(KvConfig.defaults(), clock);
        KvStore.Local local = store.local();
        Source source = new Source();
        source.set(local, "n", b("41"), 0);
        assertFalse(store.add(b("n"), b("zz"), 0));
        assertTrue(source.set(local, "n", b("42"), 0));
        assertEquals(43, store.incrBy(b("n"), 1));
        assertTrue(entry(store, "n") instanceof Entry.Counter);
        assertTrue(source.set(local, "n", b("ab"), 0));
        assertTrue(store.deleteIf(b("n"), b("ab")));
        assertNull(get(local, "n"));
    }
}
