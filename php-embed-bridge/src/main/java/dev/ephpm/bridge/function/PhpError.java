package dev.ephpm.bridge.function;

/**
 * Thrown by a host function to raise a PHP exception of a given class, with PHP's own wording conventions
 * ({@code "fn(): Argument #1 ($key) must not be empty"}). Cheap: no stack trace is captured.
 */
public final class PhpError extends RuntimeException {
    /** The PHP class to throw. */
    public enum Kind {
        EXCEPTION, ERROR, TYPE_ERROR, VALUE_ERROR, ARGUMENT_COUNT_ERROR
    }

    private final Kind kind;

    public PhpError(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static PhpError valueError(String message) {
        return new PhpError(Kind.VALUE_ERROR, message);
    }

    public static PhpError typeError(String message) {
        return new PhpError(Kind.TYPE_ERROR, message);
    }

    public static PhpError error(String message) {
        return new PhpError(Kind.ERROR, message);
    }

    public static PhpError exception(String message) {
        return new PhpError(Kind.EXCEPTION, message);
    }
}
