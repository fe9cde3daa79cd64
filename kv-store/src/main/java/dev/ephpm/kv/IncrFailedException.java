package dev.ephpm.kv;

/**
 * {@link KvStore#incrBy} could not apply the increment; the stored value is unchanged.
 *
 * <p>Why an exception rather than a result object: the success path then returns a bare {@code long} and
 * allocates nothing for the result, and the failure path is the rare one. The instances are preallocated,
 * one per {@link Reason}, without a stack trace or suppression, so throwing one allocates nothing either and
 * costs little more than a branch once the JIT has inlined the call. Do not rely on identity or stack traces.
 */
public final class IncrFailedException extends Exception {

    /** Why the increment failed; the messages are Redis's error texts. */
    public enum Reason {
        /** The stored value is not a base-10 signed 64-bit integer in Redis's strict format. */
        NOT_AN_INTEGER("value is not an integer or out of range"),
        /** The result would not fit in a signed 64-bit integer. */
        OVERFLOW("increment or decrement would overflow"),
        /** The result could not be stored: the key is longer than maxKeyBytes, or no room under noeviction. */
        NOT_STORED("command not allowed: the entry cannot be stored (key too long or no room under noeviction)");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private static final IncrFailedException[] BY_REASON;

    static {
        Reason[] reasons = Reason.values();
        BY_REASON = new IncrFailedException[reasons.length];
        for (Reason r : reasons) {
            BY_REASON[r.ordinal()] = new IncrFailedException(r);
        }
    }

    private final Reason reason;

    private IncrFailedException(Reason reason) {
        super(reason.message(), null, false, false);
        this.reason = reason;
    }

    static IncrFailedException of(Reason reason) {
        return BY_REASON[reason.ordinal()];
    }

    public Reason reason() {
        return reason;
    }
}
