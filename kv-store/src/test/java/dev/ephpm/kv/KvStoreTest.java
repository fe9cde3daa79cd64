package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static dev.ephpm.kv.Bytes.raw;
import static dev.ephpm.kv.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KvStoreTest {
    private final FakeTicker clock = new FakeTicker();
    private final KvStore store = KvStore.create(KvConfig.defaults(), clock);

    @Test
    void getOfMissingKeyIsNull() {
        assertNull(store.get(b("nope")));
        assertFalse(store.exists(b("nope")));
    }

    @Test
    void setThenGetReturnsTheValueAndSetReplaces() {
        assertTrue(store.set(b("k"), b("v1"), 0));
        assertEquals("v1", s(store.get(b("k"))));
        assertTrue(store.set(b("k"), b("v2"), 0));
        assertEquals("v2", s(store.get(b("k"))));
        assertEquals(1, store.stats().entries());
    }

    @Test
    void keysCompareByContentNotIdentity() {
        store.set(b("same"), b("x"), 0);
        assertEquals("x", s(store.get("same".getBytes())));
        assertTrue(store.exists(b("same")));
    }

    @Test
    void binaryKeysAndValuesAreJustBytes() {
        byte[] k1 = raw(0, 0xFF, 0xC3, 0x28, 0);          // NULs, 0xFF, invalid UTF-8
        byte[] k2 = raw(0, 0xFF, 0xC3, 0x28);             // same minus the trailing NUL
        byte[] v = raw(0xFF, 0, 0xFE, 0, 0x80);
        store.set(k1, v, 0);
        store.set(k2, raw(1), 0);
        assertArrayEquals(v, store.get(k1));
        assertArrayEquals(raw(1), store.get(k2));
        assertNull(store.get(raw(0, 0xFF, 0xC3, 0x28, 0, 0)));
        store.set(b("a"), b("1"), 0);
        assertNull(store.get(raw('a', 0)));
    }

    @Test
    void zeroByteValueIsStoredNotMissing() {
        store.set(b("empty"), new byte[0], 0);
        byte[] got = store.get(b("empty"));
        assertNotNull(got);
        assertEquals(0, got.length);
        assertTrue(store.exists(b("empty")));
        assertTrue(store.deleteIf(b("empty"), new byte[0]));
    }

    @Test
    void emptyKeyIsAllowedByTheStoreButFlaggedByCheckKey() {
        assertTrue(store.set(new byte[0], b("v"), 0));
        assertEquals("v", s(store.get(new byte[0])));
        KvConfig config = KvConfig.defaults().withMaxKeyBytes(4);
        assertEquals(KeyCheck.EMPTY, config.checkKey(new byte[0]));
        assertEquals(KeyCheck.VALID, config.checkKey(b("abcd")));
        assertEquals(KeyCheck.TOO_LONG, config.checkKey(b("abcde")));
    }

    @Test
    void multiMebibyteValueRoundTrips() {
        byte[] big = new byte[8 << 20];
        new Random(1).nextBytes(big);
        assertTrue(store.set(b("big"), big, 0));
        assertArrayEquals(big, store.get(b("big")));
        assertTrue(store.stats().bytesUsed() >= big.length);
    }

    @Test
    void rangeGetFindsAKeyInsideALargerBuffer() {
        store.set(b("key"), b("v"), 0);
        byte[] buf = b("xxkeyzz");
        assertEquals("v", s(store.get(buf, 2, 3)));
        assertNull(store.get(buf, 2, 2));
        assertNull(store.get(buf, 1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> store.get(buf, 5, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> store.get(buf, -1, 1));
    }

    @Test
    void rangeGetWorksForEveryKeyLength() {
        // Exercises every branch of the hash (0, 1-3, 4-7, 8, 9-16, longer) against stored keys.
        for (int len = 0; len <= 40; len++) {
            byte[] key = new byte[len];
            Arrays.fill(key, (byte) 'q');
            store.set(key, DecimalLong.format(len), 0);
        }
        for (int len = 0; len <= 40; len++) {
            byte[] buf = new byte[len + 7];
            Arrays.fill(buf, (byte) 'q');
            buf[0] = 'z';
            assertEquals(String.valueOf(len), s(store.get(buf, 1, len)), "len " + len);
            assertEquals(String.valueOf(len), s(store.get(Arrays.copyOfRange(buf, 1, 1 + len))), "len " + len);
        }
        assertEquals(41, store.stats().entries());
    }

    @Test
    void manyDistinctKeysAreAllRetrievable() {
        Random random = new Random(7);
        byte[][] keys = new byte[20_000][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new byte[random.nextInt(24)];
            random.nextBytes(keys[i]);
            store.set(keys[i], DecimalLong.format(i), 0);
        }
        for (int i = keys.length - 1; i >= 0; i--) {
            // a later random key may have repeated an earlier one; the last write wins
            int last = i;
            for (int j = keys.length - 1; j > i; j--) {
                if (Arrays.equals(keys[j], keys[i])) {
                    last = j;
                    break;
                }
            }
            assertEquals(String.valueOf(last), s(store.get(keys[i])));
        }
    }

    @Test
    void oversizedValueOrKeyIsRefusedAndThePreviousValueStays() {
        KvStore small = KvStore.create(KvConfig.defaults().withMaxKeyBytes(8).withMaxValueBytes(32), clock);
        assertTrue(small.set(b("k"), b("old"), 0));
        assertFalse(small.set(b("k"), new byte[33], 0));
        assertFalse(small.add(b("k2"), new byte[33], 0));
        assertEquals("old", s(small.get(b("k"))));
        assertTrue(small.set(b("k"), new byte[32], 0));
        assertFalse(small.set(b("123456789"), b("v"), 0));
        assertTrue(small.set(b("12345678"), b("v"), 0));
        assertNull(small.get(b("123456789")));
        assertFalse(small.exists(b("k2")));
        assertEquals(3, small.stats().rejectedWrites());
    }

    @Test
    void entryHeavierThanTheWholeMemoryLimitIsRefusedAndThePreviousValueStays() {
        long limit = KvConfig.MIN_MEMORY_LIMIT_BYTES;
        KvStore small = KvStore.create(KvConfig.defaults().withMemoryLimitBytes(limit), clock);
        small.set(b("k"), b("old"), 0);
        // with the 1-byte key, this value makes the entry weigh limit + 1
        int tooBig = (int) (limit - KvStore.ENTRY_OVERHEAD_BYTES);
        assertFalse(small.set(b("k"), new byte[tooBig], 0));
        assertEquals("old", s(small.get(b("k"))));
        assertTrue(small.set(b("k"), new byte[tooBig - 1], 0), "exactly the limit fits");
    }

    @Test
    void addStoresOnlyWhenAbsent() {
        assertTrue(store.add(b("k"), b("first"), 0));
        assertFalse(store.add(b("k"), b("second"), 0));
        assertEquals("first", s(store.get(b("k"))));
        store.delete(b("k"));
        assertTrue(store.add(b("k"), b("third"), 0));
        assertEquals("third", s(store.get(b("k"))));
    }

    @Test
    void deleteReportsWhetherTheKeyExisted() {
        store.set(b("k"), b("v"), 0);
        assertTrue(store.delete(b("k")));
        assertFalse(store.delete(b("k")));
        assertNull(store.get(b("k")));
        assertFalse(store.exists(b("k")));
    }

    @Test
    void deleteIfComparesBytes() {
        store.set(b("lock"), b("token-1"), 0);
        assertFalse(store.deleteIf(b("lock"), b("token-2")));
        assertFalse(store.deleteIf(b("lock"), b("token-")));
        assertEquals("token-1", s(store.get(b("lock"))));
        assertTrue(store.deleteIf(b("lock"), b("token-1")));
        assertNull(store.get(b("lock")));
        assertFalse(store.deleteIf(b("lock"), b("token-1")));
        assertFalse(store.deleteIf(b("never"), b("x")));
    }

    @Test
    void getManyReturnsValuesInOrderWithNullsForMissing() {
        store.set(b("a"), b("1"), 0);
        store.set(b("c"), b("3"), 0);
        byte[][] got = store.getMany(new byte[][] {b("a"), b("b"), b("c"), b("a")});
        assertEquals(4, got.length);
        assertEquals("1", s(got[0]));
        assertNull(got[1]);
        assertEquals("3", s(got[2]));
        assertEquals("1", s(got[3]));
        assertEquals(0, store.getMany(new byte[0][]).length);
        KvStats stats = store.stats();
        assertEquals(3, stats.hits());
        assertEquals(1, stats.misses());
    }

    @Test
    void getReturnsTheStoredArrayWithoutCopying() {
        byte[] value = b("shared");
        store.set(b("k"), value, 0);
        assertSame(value, store.get(b("k")));
    }

    @Test
    void flushAllRemovesEverything() {
        for (int i = 0; i < 100; i++) {
            store.set(b("k" + i), b("v"), i % 2 == 0 ? 0 : 10_000);
        }
        store.flushAll();
        assertEquals(0, store.stats().entries());
        assertEquals(0, store.stats().bytesUsed());
        assertNull(store.get(b("k1")));
        assertTrue(store.set(b("k1"), b("again"), 0));
        assertEquals("again", s(store.get(b("k1"))));
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> store.get(null));
        assertThrows(NullPointerException.class, () -> store.set(b("k"), null, 0));
        assertThrows(NullPointerException.class, () -> store.set(null, b("v"), 0));
        assertThrows(NullPointerException.class, () -> store.deleteIf(b("k"), null));
    }
}
