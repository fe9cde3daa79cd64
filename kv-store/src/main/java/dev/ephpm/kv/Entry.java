package dev.ephpm.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A stored value. The TTL deadline lives here rather than only in Caffeine's node because pttl must read
 * it and incrBy must carry it over to the new value. Entries without a TTL (the common case for a cache of
 * computed results) use this class and skip the 8-byte deadline field; {@link Timed} adds it.
 *
 * <p>The value of a plain entry never changes. A {@link Counter} (what incrBy stores) holds a number that later
 * increments keeping its length update in place, under its own lock; see {@link Counter}. Either way a
 * value array is never modified, so an array handed to a reader stays as it was.
 */
class Entry {

    /** Null for a {@link Counter}, which keeps a number instead. */
    private final byte[] value;

    Entry(byte[] value) {
        this.value = value;
    }

    /** The value. The array is never modified: callers may hand it out. */
    byte[] value() {
        return value;
    }

    /** {@code value().length}, without formatting a counter's number. */
    int valueLength() {
        return value.length;
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
     * The result of incrBy: a number rather than text, so that later increments that keep its length (and so
     * the weight Caffeine recorded) update it in place, without going through Caffeine, parsing or allocating.
     * Readers get its text from {@link #value()}, formatted once per number read.
     *
     * <p>An in-place increment holds the counter's lock. A compute that reads a counter's value and then
     * replaces or removes it (a slower increment, EXPIRE, compare-and-delete) does so holding the same lock
     * and marks it retired, so an in-place increment either happens before it (and is seen) or finds the
     * counter retired and goes the slow way. Writes that do not read the old value (set, delete, eviction) need
     * no such care: an increment that lands on a counter they just replaced is ordered before them.
     */
    static final class Counter extends Entry {
        private static final VarHandle LOCKED;
        private static final VarHandle NUMBER;
        private static final VarHandle TEXT;
        /** Spins this many times, then yields, while another thread holds the counter. */
        private static final int SPINS = 64;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                LOCKED = lookup.findVarHandle(Counter.class, "locked", int.class);
                NUMBER = lookup.findVarHandle(Counter.class, "number", long.class);
                TEXT = lookup.findVarHandle(Counter.class, "text", Text.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final boolean expires;
        private final long deadline;
        /**
         * The numbers whose text is as long as this counter's: the range an in-place increment must stay in, so
         * that the weight Caffeine recorded stays right. Fixed for the counter's life.
         */
        private final long shortest;
        private final long longest;
        /** 1 while a thread holds this counter (see {@link #lock}). */
        @SuppressWarnings("unused") // through LOCKED
        private volatile int locked;
        /** Guarded by the lock: replaced or removed by a compute; in-place increments must not touch it. */
        private boolean retired;
        /**
         * Written under the lock, read by anyone; release/acquire (a plain store on x86, where a volatile one
         * would add a fence to every increment) is all a reader needs to see a number and what preceded it.
         */
        private long number;
        /** The text of a number this counter held, kept for readers; replaced when the number has changed. */
        private Text text;

        private record Text(long number, byte[] bytes) {
        }

        Counter(long number, boolean expires, long deadline) {
            super(null);
            int length = DecimalLong.length(number);
            this.shortest = DecimalLong.smallestOfLength(length, number < 0);
            this.longest = DecimalLong.largestOfLength(length, number < 0);
            NUMBER.setRelease(this, number);
            this.expires = expires;
            this.deadline = deadline;
        }

        /** A counter holding {@code number} with the TTL of {@code previous} (none when null). */
        static Counter after(Entry previous, long number) {
            return previous == null || !previous.expires()
                    ? new Counter(number, false, 0) : new Counter(number, true, previous.deadline());
        }

        long number() {
            return (long) NUMBER.getAcquire(this);
        }

        /**
         * The number's canonical text. The array may be shared with other readers, so like every value array it
         * is never modified.
         */
        @Override
        byte[] value() {
            long n = number();
            Text t = (Text) TEXT.getAcquire(this);
            if (t != null && t.number == n) {
                return t.bytes;
            }
            byte[] bytes = DecimalLong.format(n);
            TEXT.setRelease(this, new Text(n, bytes));
            return bytes;
        }

        @Override
        int valueLength() {
            return DecimalLong.length(number());
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
            return new Counter(number(), true, newDeadline);
        }

        /**
         * Takes this counter's lock. A lock of its own rather than the object's monitor: it is held for a few
         * instructions, and taking it is one compare-and-set and releasing it a plain store, where a monitor
         * costs two compare-and-sets, which was a sixth of an in-place increment.
         */
        void lock() {
            if (!LOCKED.compareAndSet(this, 0, 1)) {
                lockContended();
            }
        }

        private void lockContended() {
            for (int round = 0; !LOCKED.compareAndSet(this, 0, 1); round++) {
                if (round < SPINS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        void unlock() {
            LOCKED.setRelease(this, 0);
        }

        /** Called under the lock by a compute that replaces or removes this counter. */
        void retire() {
            retired = true;
        }

        /**
         * Adds {@code delta} in place if the result has as many characters as the current value. Returns the
         * new value through {@code out[0]}, or tells the caller to take the slow path (retired, length
         * changes) or that the sum overflows (nothing changed).
         */
        InPlace addInPlace(long delta, long[] out) {
            lock();
            try {
                if (retired) {
                    return InPlace.SLOW_PATH;
                }
                long base = number;
                long sum = base + delta;
                if (((base ^ sum) & (delta ^ sum)) < 0) {
                    return InPlace.OVERFLOW;
                }
                if (sum < shortest || sum > longest) {
                    return InPlace.SLOW_PATH; // the text would change length
                }
                NUMBER.setRelease(this, sum);
                out[0] = sum;
                return InPlace.DONE;
            } finally {
                unlock();
            }
        }

        enum InPlace { DONE, OVERFLOW, SLOW_PATH }
    }
}
