package dev.ephpm.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A stored value. The TTL deadline lives here rather than only in Caffeine's node because pttl must read
 * it and incrBy must carry it over to the new value. Entries without a TTL (the common case for a cache of
 * computed results) use this class and skip the 8-byte deadline field; {@link Timed} adds it.
 *
 * <p>The value of a plain entry never changes. A {@link Counter} (what incrBy stores) is updated in place by
 * later increments that keep its length, under its own monitor; see {@link Counter}. Either way the array
 * itself is never modified: a new one replaces it, so an array handed to a reader stays as it was.
 */
class Entry {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Entry.class, "value", byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Read through {@link #value()}; written by constructors, and by {@link Counter#addInPlace}. */
    private byte[] value;

    Entry(byte[] value) {
        this.value = value;
    }

    /** The current value; an acquire read, since a counter's can be replaced by another thread. */
    final byte[] value() {
        return (byte[]) VALUE.getAcquire(this);
    }

    final void replaceValue(byte[] newValue) {
        VALUE.setRelease(this, newValue);
    }

    boolean expires() {
        return false;
    }

    /** Ticker time at which the entry expires; meaningful only when {@link #expires()}. */
    long deadline() {
        return 0;
    }

    /** The same value with this deadline, for EXPIRE. */
    Entry withDeadline(long newDeadline) {
        return new Timed(value(), newDeadline);
    }

    static final class Timed extends Entry {
        private final long deadline;

        Timed(byte[] value, long deadline) {
            super(value);
            this.deadline = deadline;
        }

        @Override
        boolean expires() {
            return true;
        }

        @Override
        long deadline() {
            return deadline;
        }
    }

    /**
     * The result of incrBy, which later increments update in place without going through Caffeine, as long
     * as the text keeps its length (so its weight stays what Caffeine recorded) and no compute has replaced
     * it. A compute that reads a counter's value and then replaces or removes it (a slower increment,
     * EXPIRE, compare-and-delete) does so holding the counter's monitor and marks it retired, so an in-place
     * increment either happens before it (and is seen) or finds the counter retired and goes the slow way.
     * Writes that do not read the old value (set, delete, eviction) need no such care: an increment that
     * lands on a counter they just replaced is ordered before them.
     */
    static final class Counter extends Entry {
        private final boolean expires;
        private final long deadline;
        /** Guarded by this: replaced or removed by a compute; in-place increments must not touch it. */
        private boolean retired;

        Counter(byte[] text, boolean expires, long deadline) {
            super(text);
            this.expires = expires;
            this.deadline = deadline;
        }

        /** A counter holding {@code text} with the TTL of {@code previous} (none when null). */
        static Counter after(Entry previous, byte[] text) {
            return previous == null || !previous.expires()
                    ? new Counter(text, false, 0) : new Counter(text, true, previous.deadline());
        }

        @Override
        boolean expires() {
            return expires;
        }

        @Override
        long deadline() {
            return deadline;
        }

        @Override
        Entry withDeadline(long newDeadline) {
            return new Counter(value(), true, newDeadline);
        }

        /** Called under this counter's monitor by a compute that replaces or removes it. */
        void retire() {
            retired = true;
        }

        /**
         * Adds {@code delta} in place if the result has as many characters as the current value. Returns the
         * new value through {@code out[0]}, or tells the caller to take the slow path (retired, length
         * changes) or that the sum overflows (nothing changed).
         */
        InPlace addInPlace(long delta, long[] out) {
            synchronized (this) {
                if (retired) {
                    return InPlace.SLOW_PATH;
                }
                byte[] current = value();
                if (!DecimalLong.parse(current, out)) {
                    return InPlace.SLOW_PATH; // cannot happen for text incrBy wrote; the slow path will say so
                }
                long base = out[0];
                long sum = base + delta;
                if (((base ^ sum) & (delta ^ sum)) < 0) {
                    return InPlace.OVERFLOW;
                }
                if (DecimalLong.length(sum) != current.length) {
                    return InPlace.SLOW_PATH;
                }
                replaceValue(DecimalLong.format(sum));
                out[0] = sum;
                return InPlace.DONE;
            }
        }

        enum InPlace { DONE, OVERFLOW, SLOW_PATH }
    }
}
