package dev.ephpm.bridge;

/** The PHP engine could not be loaded or started; the message says what to fix. */
public class PhpStartupException extends RuntimeException {
    public PhpStartupException(String message) {
        super(message);
    }

    public PhpStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
