package dev.ephpm.kv;

import static dev.ephpm.kv.Bytes.b;
import static dev.ephpm.kv.Bytes.raw;
import static dev.ephpm.kv.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ephpm.kv.IncrFailedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncrByTest {
    private final FakeTicker clock = new FakeTicker();
    private final KvStore store = KvStore.create(KvConfig.defaults(), clock);

    @Test
    void missingKeyCountsAsZeroAndIsCreatedWithoutTtl() throws IncrFailedException {
        assertEquals(5, store.incrBy(b("n"), 5));
        assertEquals("5", s(store.get(b("n"))));
        assertEquals(-1, store.pttl(b("n")));
        assertEquals(-3, store.incrBy(b("m"), -3));
        assertEquals("-3", s(store.get(b("m"))));
        assertEquals(0, store.incrBy(b("z"), 0));
        assertEquals("0", s(store.get(b("z"))));
    }

    @Test
    void incrementsAccumulate() throws IncrFailedException {
        for (int i = 1; i <= 100; i++) {
            assertEquals(i * 7L, store.incrBy(b("n"), 7));
        }
        assertEquals(-1, store.incrBy(b("n"), -701));
        assertEquals("-1", s(store.get(b("n"))));
        assertEquals(0, store.incrBy(b("n"), 1));
        assertEquals("0", s(store.get(b("n"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "10", "-10", "123456789", "9223372036854775807",
        "-9223372036854775808", "1000000000000000000"})
    void acceptsStrictIntegers(String text) throws IncrFailedException {
        store.set(b("n"), b(text), 0);
        long expected = Long.parseLong(text);
        assertEquals(expected, store.incrBy(b("n"), 0));
        assertEquals(text, s(store.get(b("n"))), "canonical text is unchanged");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "+1", "01", "00", "-0", "-01", "-", "--1", "1a", "0x10", "1.0",
        "1e3", "\u0661", "9223372036854775808", "-9223372036854775809", "99999999999999999999",
        "100000000000000000000", "000000000000000000001", "abc", "1\n"})
    void rejectsAnythingElseAndLeavesTheValue(String text) {
        store.set(b("n"), b(text), 0);
        IncrFailedException e = assertThrows(IncrFailedException.class, () -> store.incrBy(b("n"), 1));
        assertEquals(Reason.NOT_AN_INTEGER, e.reason());
        assertEquals(text, s(store.get(b("n"))));
    }

    @Test
    void rejectsBinaryJunk() {
        byte[] value = raw('1', 0, '2');
        store.set(b("n"), value, 0);
        IncrFailedException e = assertThrows(IncrFailedException.class, () -> store.incrBy(b("n"), 1));
        assertEquals(Reason.NOT_AN_INTEGER, e.reason());
        assertArrayEquals(value, store.get(b("n")));
        store.set(b("e"), new byte[0], 0);
        assertThrows(IncrFailedException.class, () -> store.incrBy(b("e"), 1));
    }

    @Test
    void overflowFailsAndLeavesTheValue() throws IncrFailedException {
        store.set(b("max"), b("9223372036854775807"), 0);
        IncrFailedException e = assertThrows(IncrFailedException.class, () -> store.incrBy(b("max"), 1));
        assertEquals(Reason.OVERFLOW, e.reason());
        assertEquals("9223372036854775807", s(store.get(b("max"))));

        store.set(b("min"), b("-9223372036854775808"), 0);
        e = assertThrows(IncrFailedException.class, () -> store.incrBy(b("min"), -1));
        assertEquals(Reason.OVERFLOW, e.reason());
        assertEquals("-9223372036854775808", s(store.get(b("min"))));

        assertEquals(Long.MAX_VALUE, store.incrBy(b("fresh"), Long.MAX_VALUE));
        assertThrows(IncrFailedException.class, () -> store.incrBy(b("fresh"), Long.MAX_VALUE));
        assertEquals(-1, store.incrBy(b("fresh"), Long.MIN_VALUE));
        assertEquals(Long.MIN_VALUE, store.incrBy(b("fresh2"), Long.MIN_VALUE));
        assertEquals("-9223372036854775808", s(store.get(b("fresh2"))));
    }

    @Test
    void failureOnAMissingKeyCreatesNothing() {
        KvStore tiny = KvStore.create(KvConfig.defaults().withMaxKeyBytes(3), clock);
        IncrFailedException e = assertThrows(IncrFailedException.class, () -> tiny.incrBy(b("long"), 1));
        assertEquals(Reason.NOT_STORED, e.reason());
        assertEquals(0, tiny.stats().entries());
    }

    @Test
    void failuresAreCheapSharedInstancesWithoutStackTraces() {
        store.set(b("n"), b("x"), 0);
        IncrFailedException a = assertThrows(IncrFailedException.class, () -> store.incrBy(b("n"), 1));
        IncrFailedException c = assertThrows(IncrFailedException.class, () -> store.incrBy(b("n"), 1));
        assertEquals(0, a.getStackTrace().length);
        assertEquals(a, c);
        assertEquals("value is not an integer or out of range", a.getMessage());
    }

    @Test
    void formatAndParseAgreeAcrossTheRange() {
        long[] out = new long[1];
        long[] samples = {0, 1, -1, 9, 10, -9, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1,
            Long.MIN_VALUE + 1, 1234567890123L, -987654321L};
        for (long v : samples) {
            byte[] text = DecimalLong.format(v);
            assertEquals(Long.toString(v), s(text));
            assertEquals(true, DecimalLong.parse(text, out));
            assertEquals(v, out[0]);
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            byte[] text = DecimalLong.format(v);
            assertEquals(Long.toString(v), s(text));
            DecimalLong.parse(text, out);
            assertEquals(v, out[0]);
        }
    }
}
