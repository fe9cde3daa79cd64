package dev.ephpm.bridge;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Receives what a PHP request produces, on the PHP thread that runs it, in order: {@link #headers} once, then
 * {@link #write} and {@link #flush} any number of times. Implementations must not block for long: while a sink
 * waits, that PHP thread serves nobody else.
 */
public interface PhpResponseSink {
    /** The final status and header list (duplicates such as several Set-Cookie kept, in PHP's order). */
    void headers(int status, List<Header> headers);

    /**
     * Body bytes. The buffer is a view of PHP's memory that is valid only during this call: copy or write it out
     * before returning.
     */
    void write(ByteBuffer chunk);

    /** PHP's {@code flush()}: push what was written so far to the client. */
    default void flush() {
    }
}
