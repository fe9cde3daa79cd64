package dev.ephpm.bridge;

import java.util.concurrent.RejectedExecutionException;

/** Every PHP thread is busy and the waiting queue is full: the caller should shed load (HTTP 503). */
public final class PhpQueueFullException extends RejectedExecutionException {
    public PhpQueueFullException(int capacity) {
        super("the PHP request queue is full (" + capacity + " waiting)");
    }
}
