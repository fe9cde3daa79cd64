package dev.ephpm.bridge;

import dev.ephpm.bridge.internal.PhpEngine;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * The embedded PHP engine and the platform threads that run it.
 *
 * <p>PHP runs only on dedicated platform threads with large stacks. With an NTS libphp there is exactly one such
 * thread and requests are served in order; with a ZTS libphp there are {@link PhpRuntimeConfig#threads()} of them.
 * Callers never see the difference: they {@link #submit} requests and get results.
 */
public final class PhpRuntime implements AutoCloseable {
    private final PhpEngine engine;

    private PhpRuntime(PhpEngine engine) {
        this.engine = engine;
    }

    /** Loads libphp, registers the host functions, starts PHP and its threads. Blocks until PHP is ready. */
    public static PhpRuntime start(PhpRuntimeConfig config) {
        return new PhpRuntime(PhpEngine.start(config));
    }

    /**
     * Queues a request without blocking. The sink is called on the PHP thread that runs it.
     *
     * @throws PhpQueueFullException when every PHP thread is busy and the queue is full
     * @throws IllegalStateException after {@link #close}
     */
    public PhpExecution submit(PhpRequest request, PhpResponseSink sink) {
        return engine.submit(request, sink);
    }

    /** Runs a request and waits for it. */
    public PhpResult execute(PhpRequest request, PhpResponseSink sink) {
        PhpExecution execution = submit(request, sink);
        try {
            return execution.result().get();
        } catch (InterruptedException e) {
            execution.abort();
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for PHP");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs a request, keeping its output in memory. */
    public BufferedResult execute(PhpRequest request) {
        BufferedResponse response = new BufferedResponse();
        PhpResult result = execute(request, response);
        return new BufferedResult(result, response);
    }

    /** A finished request together with its buffered body. */
    public record BufferedResult(PhpResult result, BufferedResponse response) {
        public String body() {
            return response.bodyText();
        }

        public int status() {
            return result.status();
        }
    }

    /** The PHP version of the loaded library, e.g. {@code 8.2.36}. */
    public String phpVersion() {
        return engine.phpVersion();
    }

    /** True for a thread-safe (ZTS) library. */
    public boolean threadSafe() {
        return engine.threadSafe();
    }

    public java.nio.file.Path library() {
        return engine.library();
    }

    /** What PHP logged while it started: failed extension loads, bad ini values. */
    public java.util.List<String> startupMessages() {
        return engine.startupMessages();
    }

    public int threads() {
        return engine.threads();
    }

    /** Requests waiting for a PHP thread. */
    public int queueDepth() {
        return engine.queueDepth();
    }

    /** PHP threads running a request right now. */
    public int busyThreads() {
        return engine.busyThreads();
    }

    /**
     * PHP threads replaced since start. A thread is retired, and a fresh one (with ZTS: fresh PHP globals) takes
     * its place, when a request on it ends in an internal error or PHP cannot start or cleanly end a request there.
     */
    public int replacedThreads() {
        return engine.replacedThreads();
    }

    /**
     * Stops taking requests, lets queued and running ones finish, then shuts PHP down. PHP cannot be started again
     * in the same process.
     */
    @Override
    public void close() {
        engine.close();
    }
}
