package dev.ephpm.bridge.internal;

import dev.ephpm.bridge.PhpExecution;
import dev.ephpm.bridge.PhpQueueFullException;
import dev.ephpm.bridge.PhpRequest;
import dev.ephpm.bridge.PhpResponseSink;
import dev.ephpm.bridge.PhpResult;
import dev.ephpm.bridge.PhpRuntimeConfig;
import dev.ephpm.bridge.PhpStartupException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Owns PHP's lifecycle: loads the library, starts the module on the first PHP thread, feeds requests to the PHP
 * threads through one bounded queue, and shuts PHP down on that same first thread.
 */
public final class PhpEngine {
    /**
     * How long an idle PHP thread polls the queue before it parks. Waking a parked thread on the other core costs
     * 25-30 microseconds on small VMs, more than a whole trivial request; a short spin absorbs back-to-back
     * requests without that cost, and bounds the CPU burnt when traffic stops.
     */
    private static final long SPIN_NANOS = Long.getLong("ephpm.php.spinMicros", 50) * 1000;

    /** php.ini values the bridge needs; the caller's entries come after and may override the first two. */
    private static final List<Map.Entry<String, String>> BRIDGE_INI = List.of(
            // With 0 (embed's default) the first echo sends the headers and a later header() fails.
            Map.entry("output_buffering", "4096"),
            // Errors reach the log_message callback and so the request's result.
            Map.entry("log_errors", "1"),
            // After a timeout PHP waits hard_timeout seconds and then calls _exit(): that would kill the JVM.
            Map.entry("hard_timeout", "0"));

    private static volatile PhpEngine current;

    private final PhpRuntimeConfig config;
    private final BlockingQueue<Job> queue;
    private final List<PhpWorker> workers = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextIndex = new AtomicInteger(1);
    private final AtomicInteger replaced = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final List<String> startupLog = new CopyOnWriteArrayList<>();
    private volatile Throwable startupFailure;
    private volatile boolean closing;
    private volatile boolean startupDone;
    private LibPhp lib;

    /** A queued or running request. */
    public static final class Job implements PhpExecution {
        private final PhpRequest request;
        private final PhpResponseSink sink;
        private final CompletableFuture<PhpResult> result = new CompletableFuture<>();
        private final PhpEngine engine;
        volatile RequestState state;
        volatile PhpWorker worker;

        Job(PhpEngine engine, PhpRequest request, PhpResponseSink sink) {
            this.engine = engine;
            this.request = request;
            this.sink = sink;
        }

        PhpRequest request() {
            return request;
        }

        PhpResponseSink sink() {
            return sink;
        }

        @Override
        public CompletableFuture<PhpResult> result() {
            return result;
        }

        @Override
        public void abort() {
            if (engine.queue.remove(this)) {
                result.completeExceptionally(new CancellationException("aborted before it ran"));
                return;
            }
            PhpWorker w = worker;
            RequestState s = state;
            if (w != null && s != null) {
                w.interrupt(s);
            }
        }
    }

    private PhpEngine(PhpRuntimeConfig config) {
        this.config = config;
        this.queue = config.queueCapacity() == 0 ? new LinkedBlockingQueue<>(1)
                : new ArrayBlockingQueue<>(config.queueCapacity());
    }

    public static PhpEngine current() {
        return current;
    }

    public static synchronized PhpEngine start(PhpRuntimeConfig config) {
        if (current != null) {
            throw new PhpStartupException("PHP is already running in this process; PHP's globals allow one engine");
        }
        LibPhp lib = LibPhp.load(config.library());
        if (!lib.zts && config.threads() > 1) {
            throw new PhpStartupException(lib.path + " is not thread-safe (NTS): it can run one PHP thread, not "
                    + config.threads() + "; use 1 thread or a ZTS build (./ephpm build-php)");
        }
        PhpEngine engine = new PhpEngine(config);
        engine.lib = lib;
        current = engine;
        engine.stackSize = config.threadStackSize();
        try {
            engine.startThread(0);
        } catch (RuntimeException e) {
            current = null;
            throw e;
        }
        try {
            engine.started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhpStartupException("interrupted while PHP started");
        }
        if (engine.startupFailure != null) {
            current = null;
            Throwable f = engine.startupFailure;
            throw f instanceof PhpStartupException pse ? pse : new PhpStartupException("PHP failed to start: " + f, f);
        }
        return engine;
    }

    // ---- called by PhpWorker

    void threadStarted(PhpWorker w) {
        running.incrementAndGet();
    }

    void threadStopped(PhpWorker w) {
        running.decrementAndGet();
    }

    void workerDied(PhpWorker w, Throwable t) {
        log("ephpm: PHP thread " + w.getName() + " died: " + t);
        if (!startupDone) {
            startupFailure = t;
            started.countDown();
        }
    }

    void serve(PhpWorker w) throws Throwable {
        if (w.index() == 0) {
            startup(w);
            for (int i = 1; i < config.threads(); i++) {
                startThread(nextIndex.getAndIncrement());
            }
            startupDone = true;
            started.countDown();
        } else {
            w.attachGlobals(lib);
            w.locateGlobals(lib);
            capMemoryLimit();
        }
        try {
            loop(w);
        } finally {
            if (w.index() == 0) {
                // The thread that started PHP also shuts it down, after every other PHP thread has ended. If it was
                // retired (unusable for requests), it still can: module shutdown only needs its globals.
                closed.await();
                for (PhpWorker other : workers) {
                    if (other != w) {
                        other.join();
                    }
                }
                shutdown();
            } else if (!w.unusable()) {
                w.detachGlobals(lib);
            }
            // An unusable thread keeps its TSRM slice: freeing what PHP left half-way could crash the process.
        }
    }

    /**
     * Starts a PHP thread with the configured stack, or, when the OS refuses to reserve that much address space
     * (Linux's default overcommit heuristic refuses one mapping larger than RAM + swap: a 32 GiB stack on a 24 GiB
     * machine), with half as much, and so on down to the configured minimum. The size that worked is kept for the
     * threads that follow.
     */
    private void startThread(int index) {
        while (true) {
            PhpWorker worker = new PhpWorker(this, index, stackSize);
            workers.add(worker);
            try {
                worker.start();
                return;
            } catch (OutOfMemoryError e) {
                workers.remove(worker);
                long smaller = stackSize / 2;
                if (smaller < config.minThreadStackSize()) {
                    throw new PhpStartupException("cannot start a PHP thread with a stack of " + (stackSize >> 20)
                            + " MiB (" + e.getMessage() + ")", e);
                }
                log("ephpm: the OS refused to reserve a " + (stackSize >> 20) + " MiB stack for a PHP thread;"
                        + " using " + (smaller >> 20) + " MiB. A script recursing through __toString or the like"
                        + " may now run out of stack before memory_limit stops it, which ends the process: lower"
                        + " memory_limit, or allow more overcommit (vm.overcommit_memory=1)");
                stackSize = smaller;
            }
        }
    }

    /** The stack PHP threads are started with (see {@link #startThread}). */
    private volatile long stackSize;

    /**
     * Takes a thread that PHP left unusable out of service and starts a fresh one (with ZTS: fresh PHP globals),
     * so the pool keeps its size. Not after close(): then the stop markers already count the serving threads.
     */
    private void replace(PhpWorker w, String why) {
        synchronized (this) {
            log("ephpm: PHP thread " + w.getName() + " is unusable (" + why + "); "
                    + (closing ? "not replaced, the runtime is closing" : "replacing it"));
            if (closing) {
                return;
            }
            replaced.incrementAndGet();
            startThread(nextIndex.getAndIncrement());
        }
    }

    private void startup(PhpWorker w) throws Throwable {
        Arena global = Arena.global();
        MemorySegment module = Sapi.createModule(lib, config.sapiName(), global);
        if (!config.readSystemIni()) {
            module.set(JAVA_INT, Layout.SM_PHP_INI_IGNORE, 1);
            module.set(JAVA_INT, Layout.SM_PHP_INI_IGNORE_CWD, 1);
        }
        HostModule hostModule = HostModule.build(lib, config.moduleName(), "0.1.0", config.functions(), global);
        if (lib.zts) {
            boolean ok = (boolean) lib.phpTsrmStartup.invokeExact();
            if (!ok) {
                throw new PhpStartupException("php_tsrm_startup failed");
            }
        }
        w.attachGlobals(lib);
        if (!lib.zts) {
            w.locateGlobals(lib); // NTS globals are plain symbols, usable from the start
        }
        if (lib.zendSignalStartup != null) {
            lib.zendSignalStartup.invokeExact();
        }
        lib.sapiStartup.invokeExact(module);
        // sapi_startup clears ini_entries, so they are set after it and before module start-up reads them.
        module.set(JAVA_LONG, Layout.SM_INI_ENTRIES, global.allocateFrom(iniText()).address());
        int rc = (int) lib.phpModuleStartup.invokeExact(module, hostModule.entry);
        if (rc != 0) {
            throw new PhpStartupException("php_module_startup failed" + (startupLog.isEmpty() ? ""
                    : ": " + String.join(" / ", startupLog)));
        }
        w.locateGlobals(lib);
        lib.verifyRunningVersion();
        capMemoryLimit();
        ClientAbort.install(lib);
    }

    private void capMemoryLimit() throws Throwable {
        if (config.capMemoryLimit()) {
            MemoryLimitCap.install(lib);
        }
    }

    private String iniText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : BRIDGE_INI) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        for (Map.Entry<String, String> e : config.iniEntries()) {
            if (e.getKey().contains("=") || e.getKey().contains("\n") || e.getValue().contains("\n")) {
                throw new PhpStartupException("invalid php.ini entry: " + e.getKey() + "=" + e.getValue());
            }
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    private void shutdown() {
        try {
            lib.phpModuleShutdown.invokeExact();
            lib.sapiShutdown.invokeExact();
        } catch (Throwable t) {
            log("ephpm: PHP shutdown failed: " + t);
        }
    }

    private void loop(PhpWorker w) {
        while (true) {
            Job job = next();
            if (job == null) {
                return;
            }
            if (job.request == null) {
                return; // stop marker
            }
            busy.incrementAndGet();
            job.worker = w;
            try {
                PhpResult result = w.execute(lib, job);
                job.result.complete(result);
            } catch (Throwable t) {
                log("ephpm: internal error running " + describe(job.request) + ": " + t);
                job.result.completeExceptionally(t);
                w.markUnusable("internal error: " + t);
            } finally {
                job.worker = null;
                busy.decrementAndGet();
            }
            if (w.unusable()) {
                replace(w, w.unusableReason());
                return;
            }
        }
    }

    private Job next() {
        Job job = queue.poll();
        if (job != null) {
            return job;
        }
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
            job = queue.poll();
            if (job != null) {
                return job;
            }
        }
        try {
            return queue.take();
        } catch (InterruptedException e) {
            return null;
        }
    }

    private static String describe(PhpRequest r) {
        return r.script() != null ? r.script().toString() : r.codeName();
    }

    void log(String message) {
        if (!startupDone) {
            startupLog.add(message);
        }
        try {
            config.logSink().accept(message);
        } catch (RuntimeException ignored) {
            // a broken log sink must not break PHP
        }
    }

    // ---- public surface used by PhpRuntime

    public PhpExecution submit(PhpRequest request, PhpResponseSink sink) {
        if (closing) {
            throw new IllegalStateException("the PHP runtime is shut down");
        }
        Job job = new Job(this, request, sink);
        if (!queue.offer(job)) {
            throw new PhpQueueFullException(config.queueCapacity());
        }
        return job;
    }

    public String phpVersion() {
        return lib.phpVersion;
    }

    public boolean threadSafe() {
        return lib.zts;
    }

    public Path library() {
        return lib.path;
    }

    public int threads() {
        return config.threads();
    }

    public int queueDepth() {
        return queue.size();
    }

    public int busyThreads() {
        return busy.get();
    }

    /** PHP threads replaced since start because PHP left them unusable. */
    public int replacedThreads() {
        return replaced.get();
    }

    /** Messages PHP logged while starting (failed extension loads, bad ini values). */
    public List<String> startupMessages() {
        return List.copyOf(startupLog);
    }

    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        closed.countDown();
        // Stop markers queue behind real work, so queued requests still run: one per serving thread.
        for (int i = 0; i < config.threads(); i++) {
            Job stop = new Job(this, null, null);
            try {
                queue.put(stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (PhpWorker w : workers) {
            try {
                w.join(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
