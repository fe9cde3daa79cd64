package dev.ephpm.kv;

/**
 * A stored value. The TTL deadline lives here rather than only in Caffeine's node because pttl must read
 * it and incrBy must carry it over to the new value. Entries without a TTL (the common case for a cache of
 * computed results) use this class and skip the 8-byte deadline field; {@link Timed} adds it.
 */
class Entry {
    final byte[] value;

    Entry(byte[] value) {
        this.value = value;
    }

    boolean expires() {
        return false;
    }

    /** Ticker time at which the entry expires; meaningful only when {@link #expires()}. */
    long deadline() {
        return 0;
    }

    /** Same TTL, new value (incrBy keeps the TTL). */
    Entry withValue(byte[] newValue) {
        return new Entry(newValue);
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

        @Override
        Entry withValue(byte[] newValue) {
            return new Timed(newValue, deadline);
        }
    }
}
