package dev.ephpm.bridge;

import java.util.concurrent.CompletableFuture;

/** A request handed to the PHP threads: its eventual result, and a way to stop it. */
public interface PhpExecution {
    /** Completes on the PHP thread when the request has ended (normally or not). */
    CompletableFuture<PhpResult> result();

    /**
     * Stops the request: if it is still queued it never runs (its result fails with a CancellationException); if
     * it runs, PHP stops it at the next opcode as if {@code max_execution_time} had passed, and a blocking call such
     * as {@code sleep()} is interrupted so that it gets there (a call that retries on EINTR, such as a read on a PHP
     * stream or libcurl's, finishes first, at its own timeout at the latest).
     */
    void abort();
}
