package dev.ephpm.kv;

/**
 * Redis's strict text form of a signed 64-bit integer (its {@code string2ll}): an optional '-', then "0" or
 * a digit 1-9 followed by digits; no '+', no spaces, no leading zeros, no "-0", at most 20 bytes, in range.
 */
final class DecimalLong {
    private static final byte[] MIN_TEXT = Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private DecimalLong() {
    }

    /**
     * Parses {@code s} and reports through the return value whether it was valid; the parsed number goes to
     * {@code out[0]}. Shaped like this, rather than returning a boxed or optional result, to stay
     * allocation-free on the incrBy path.
     */
    static boolean parse(byte[] s, long[] out) {
        int n = s.length;
        if (n == 0 || n > 20) {
            return false;
        }
        if (n == 1 && s[0] == '0') {
            out[0] = 0;
            return true;
        }
        int i = 0;
        boolean negative = s[0] == '-';
        if (negative && ++i == n) {
            return false;
        }
        int first = s[i++] - '0';
        if (first < 1 || first > 9) {
            return false;
        }
        // Accumulate negatively: the negative range is one larger, so Long.MIN_VALUE parses without overflow.
        long acc = -first;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9 || acc < Long.MIN_VALUE / 10) {
                return false;
            }
            acc *= 10;
            if (acc < Long.MIN_VALUE + d) {
                return false;
            }
            acc -= d;
        }
        if (!negative) {
            if (acc == Long.MIN_VALUE) {
                return false;
            }
            acc = -acc;
        }
        out[0] = acc;
        return true;
    }

    /** How many characters {@link #format} writes for {@code v}. */
    static int length(long v) {
        if (v == Long.MIN_VALUE) {
            return MIN_TEXT.length;
        }
        return v < 0 ? 1 + digits(-v) : digits(v);
    }

    /**
     * The smallest number whose text has {@code length} characters, among negative numbers or among the others:
     * with {@link #largestOfLength} the range that one text length covers.
     */
    static long smallestOfLength(int length, boolean negative) {
        if (negative) {
            return length >= MIN_TEXT.length ? Long.MIN_VALUE : -(POWERS_OF_TEN[length - 1] - 1);
        }
        return length == 1 ? 0 : POWERS_OF_TEN[length - 1];
    }

    /** The largest number whose text has {@code length} characters, among negative numbers or among the others. */
    static long largestOfLength(int length, boolean negative) {
        if (negative) {
            return length == 2 ? -1 : -POWERS_OF_TEN[length - 2];
        }
        return length >= 19 ? Long.MAX_VALUE : POWERS_OF_TEN[length] - 1;
    }

    /** Digits of {@code u >= 0}: an estimate from its bit length, corrected by one comparison. */
    private static int digits(long u) {
        int estimate = ((64 - Long.numberOfLeadingZeros(u)) * 1233) >>> 12; // * log10(2), never too high
        return u >= POWERS_OF_TEN[estimate] ? estimate + 1 : Math.max(estimate, 1);
    }

    /** 10^0 .. 10^18, and Long.MAX_VALUE as the bound for 19 digits. */
    private static final long[] POWERS_OF_TEN = new long[20];

    static {
        long p = 1;
        for (int i = 0; i < 19; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
        POWERS_OF_TEN[19] = Long.MAX_VALUE;
    }

    /** The canonical text of {@code v}, which {@link #parse} accepts. Two digits per division. */
    static byte[] format(long v) {
        if (v == Long.MIN_VALUE) {
            return MIN_TEXT.clone();
        }
        boolean negative = v < 0;
        long u = negative ? -v : v;
        byte[] out = new byte[(negative ? 1 : 0) + digits(u)];
        int p = out.length;
        while (u >= 100) {
            int pair = (int) (u % 100);
            u /= 100;
            out[--p] = ONES[pair];
            out[--p] = TENS[pair];
        }
        if (u >= 10) {
            out[--p] = ONES[(int) u];
            out[--p] = TENS[(int) u];
        } else {
            out[--p] = (byte) ('0' + u);
        }
        if (negative) {
            out[0] = '-';
        }
        return out;
    }

    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }
}
