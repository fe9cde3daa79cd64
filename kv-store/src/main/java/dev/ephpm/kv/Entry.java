package dev.ephpm.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A stored value. The TTL deadline lives here rather than only in Caffeine's node because pttl must read
 * it and incrBy must carry it over to the new value. Entries without a TTL (the common case for a cache of
 * computed results) use this class and skip the 8-byte deadline field; {@link Timed} adds it.
 *
 * <p>The value of a plain entry or a {@link Timed} one never changes, and its array may be shared with the
 * caller that stored it and with readers. Two kinds change in place, under a lock of their own
 * ({@link Mutable}): a {@link Counter} (what incrBy stores), whose later increments keep the number's length,
 * and an {@link Overwritable} entry (what a set through {@link KvStore.Local} stores when there is no TTL),
 * whose later sets of a value of the same length copy the bytes into the array it already has.
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

    /**
     * The same value with this deadline, for EXPIRE. Runs under the lock of a {@link Mutable} entry, so the
     * value read is whole.
     */
    Entry withDeadline(long newDeadline) {
        return new Timed(value(), newDeadline);
    }

    /**
     * Hands the value to {@code sink}. For an {@link Overwritable} entry the sink may be called again, when a
     * concurrent overwrite changed the bytes while it read them; the last call has the value.
     */
    <T> void readTo(T target, KvStore.ValueSink<T> sink) {
        sink.accept(target, value());
    }

    /** The value in an array nobody will modify: the array itself, or for an {@link Overwritable} a copy. */
    byte[] stableValue() {
        return value();
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
     * <p>An in-place increment holds the counter's lock; see {@link Mutable} for why that stays atomic against
     * computes that replace the counter.
     */
    static final class Counter extends Mutable {
        private static final VarHandle NUMBER;
        private static final VarHandle TEXT;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
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
         * Adds {@code delta} in place if the result has as many characters as the current value. Returns the
         * new value through {@code out[0]}, or tells the caller to take the slow path (retired, length
         * changes) or that the sum overflows (nothing changed).
         */
        InPlace addInPlace(long delta, long[] out) {
            lock();
            try {
                if (retired()) {
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

    /**
     * An entry whose value changes in place, under a lock of its own: one compare-and-set to take it, a release
     * store to free it, where a monitor costs two compare-and-sets. The lock word also carries a retired flag and
     * a version. A compute that reads such an entry and then replaces or removes it (EXPIRE, compare-and-delete,
     * an increment that converts it, add) does so holding the lock and retires it, so an in-place change either
     * happens before the compute (which then sees it) or finds the entry retired and takes the slow way. Writes
     * that do not read the old value (set, delete, eviction) need no such care: a change that lands on an entry
     * they just replaced is ordered before them.
     */
    abstract static sealed class Mutable extends Entry permits Counter, Overwritable {
        private static final VarHandle STAMP;
        static final int LOCKED = 1;
        static final int RETIRED = 2;
        /**
         * Added to the lock word by every overwrite, so that a reader can tell its copy may be torn. An int wraps
         * after 2^30 overwrites (~30 s of nothing but overwrites of one key): a reader would have to stall for that
         * long inside one copy of at most 64 KiB and resume after an exact multiple of them to be fooled. A long
         * would rule even that out, at 8 more bytes for every entry.
         */
        static final int VERSION = 4;
        /** Spins this many times, then yields, while another thread holds the lock. */
        private static final int SPINS = 64;

        static {
            try {
                STAMP = MethodHandles.lookup().findVarHandle(Mutable.class, "stamp", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** LOCKED | RETIRED | version * VERSION. */
        @SuppressWarnings("unused") // through STAMP
        private volatile int stamp;

        Mutable(byte[] value) {
            super(value);
        }

        void lock() {
            int s = (int) STAMP.getOpaque(this);
            if ((s & LOCKED) != 0 || !STAMP.compareAndSet(this, s, s | LOCKED)) {
                lockContended();
            }
        }

        private void lockContended() {
            for (int round = 0; ; round++) {
                int s = (int) STAMP.getOpaque(this);
                if ((s & LOCKED) == 0 && STAMP.compareAndSet(this, s, s | LOCKED)) {
                    return;
                }
                pause(round);
            }
        }

        static void pause(int round) {
            if (round < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }

        /** Frees the lock, keeping the version: nothing a reader copies has changed. */
        void unlock() {
            STAMP.setRelease(this, (int) STAMP.get(this) & ~LOCKED);
        }

        /** Frees the lock after changing the value: a reader that overlapped reads again. */
        void unlockChanged() {
            STAMP.setRelease(this, ((int) STAMP.get(this) & ~LOCKED) + VERSION);
        }

        /** Called under the lock by a compute that replaces or removes this entry. */
        void retire() {
            STAMP.set(this, (int) STAMP.get(this) | RETIRED);
        }

        /** Under the lock: whether a compute has replaced or removed this entry. */
        boolean retired() {
            return ((int) STAMP.get(this) & RETIRED) != 0;
        }

        /** The lock word, for a reader that copies without taking the lock. */
        int stampAcquire() {
            return (int) STAMP.getAcquire(this);
        }

        /** Whether the lock word still reads {@code stamp} after the reads that followed it. */
        boolean validate(int stamp) {
            VarHandle.acquireFence();
            return (int) STAMP.getOpaque(this) == stamp;
        }
    }

    /**
     * A value without TTL that a later set of a value of the same length overwrites in place, so that a key
     * written again and again (a fragment cached without expiry and refreshed, a flag, a fixed-size record) costs
     * no new array, no new entry and no Caffeine write, and leaves no garbage. Only the store creates one, from a
     * value it copied into an array of its own (never an array a caller passed in or was handed).
     *
     * <p>Readers do not take the lock: they copy, then check the lock word (a seqlock). A copy that overlapped an
     * overwrite is made again. Weight, TTL and everything Caffeine knows of the entry stay the same.
     */
    static final class Overwritable extends Mutable {
        /**
         * Values up to this many bytes are overwritten in place; larger ones are stored as plain entries. The copy
         * runs under the entry's lock and readers of the key wait for it; above this, a fresh array (which readers
         * do not wait for) costs little next to the copy itself, and Java readers need no copy of their own.
         */
        static final int MAX_BYTES = 64 * 1024;

        Overwritable(byte[] value) {
            super(value);
        }

        /**
         * Copies a value of {@code length} bytes from {@code source} over this one, if it has that length and no
         * compute has replaced or removed the entry; otherwise changes nothing and returns false.
         */
        <T> boolean tryOverwrite(int length, T source, KvStore.ValueSource<T> from) {
            byte[] bytes = value();
            if (bytes.length != length) {
                return false;
            }
            lock();
            if (retired()) {
                unlock();
                return false;
            }
            // The lock word must be seen changed by any reader that sees one of the new bytes (StampedLock does
            // the same after taking its write lock).
            VarHandle.storeStoreFence();
            try {
                from.copyTo(source, bytes);
            } catch (RuntimeException | Error e) {
                // A source must not throw; if one does, the bytes are a mix. Retired, the entry takes no more
                // overwrites, and the caller removes it.
                retire();
                throw e;
            } finally {
                unlockChanged();
            }
            return true;
        }

        @Override
        <T> void readTo(T target, KvStore.ValueSink<T> sink) {
            byte[] bytes = value();
            for (int round = 0; ; round++) {
                int s = stampAcquire();
                if ((s & LOCKED) == 0) {
                    sink.accept(target, bytes);
                    if (validate(s)) {
                        return;
                    }
                }
                pause(round);
            }
        }

        @Override
        byte[] stableValue() {
            byte[][] copy = new byte[1][];
            readTo(copy, (c, bytes) -> c[0] = bytes.clone());
            return copy[0];
        }

        /** Under the lock (see {@link Mutable}), so the copy is whole; the new entry must not share the array. */
        @Override
        Entry withDeadline(long newDeadline) {
            return new Timed(value().clone(), newDeadline);
        }
    }
}
