package dev.ephpm.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The counter text: {@code length} decides whether an increment can stay in place (its weight must not change),
 * so it must agree with {@code format} on every boundary between digit counts, both signs and the extremes.
 */
class DecimalLongTest {

    private static List<Long> samples() {
        List<Long> out = new ArrayList<>(List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        long p = 1;
        for (int i = 0; i < 19; i++) {
            for (long v : new long[] {p - 1, p, p + 1}) {
                out.add(v);
                out.add(-v);
            }
            p *= 10;
        }
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            out.add(random.nextLong() >> random.nextInt(64));
        }
        return out;
    }

    @Test
    void lengthAndFormatAgreeWithLongToString() {
        for (long v : samples()) {
            byte[] expected = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            assertEquals(expected.length, DecimalLong.length(v), "length of " + v);
            assertArrayEquals(expected, DecimalLong.format(v), "format of " + v);
        }
    }

    /** The range of a text length holds exactly the numbers of that length and sign. */
    @Test
    void lengthRangesMatchLength() {
        for (long v : samples()) {
            int length = DecimalLong.length(v);
            long lo = DecimalLong.smallestOfLength(length, v < 0);
            long hi = DecimalLong.largestOfLength(length, v < 0);
            assertTrue(lo <= v && v <= hi, v + " outside [" + lo + ", " + hi + "]");
            assertEquals(length, DecimalLong.length(lo), "length of " + lo);
            assertEquals(length, DecimalLong.length(hi), "length of " + hi);
            if (lo != Long.MIN_VALUE && (lo != 0 || v < 0)) {
                assertTrue(DecimalLong.length(lo - 1) != length || (lo - 1 < 0) != (v < 0), "below " + lo);
            }
            if (hi != Long.MAX_VALUE && (hi != -1 || v >= 0)) {
                assertTrue(DecimalLong.length(hi + 1) != length || (hi + 1 < 0) != (v < 0), "above " + hi);
            }
        }
    }

    @Test
    void parseReadsWhatFormatWrites() {
        long[] out = new long[1];
        for (long v : samples()) {
            assertTrue(DecimalLong.parse(DecimalLong.format(v), out), "parse of " + v);
            assertEquals(v, out[0]);
        }
    }
}
