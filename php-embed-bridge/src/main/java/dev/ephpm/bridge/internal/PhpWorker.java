package dev.ephpm.bridge.internal;

import dev.ephpm.bridge.PhpRequest;
import dev.ephpm.bridge.PhpResult;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * A platform thread that runs PHP. It owns its PHP globals (all of them with NTS, its TSRM slice with ZTS), its
 * host-call object and scratch memory, and runs one request at a time from the engine's queue.
 */
final class PhpWorker extends Thread {
    /** Defines the CLI's stream constants, which the embed library leaves to each SAPI. */
    private static final byte[] CLI_PRELUDE = ("<?php if (!defined('STDIN')) { define('STDIN', fopen('php://stdin', 'rb'));"
            + " define('STDOUT', fopen('php://stdout', 'wb')); define('STDERR', fopen('php://stderr', 'wb')); }")
            .getBytes(StandardCharsets.US_ASCII);

    private static volatile long ntsSapiGlobals;
    private static volatile long ntsExecutorGlobals;
    private static volatile long ntsCoreGlobals;

    private final PhpEngine engine;
    private final int index;
    private long sapiGlobals;
    private long executorGlobals;
    private long coreGlobals;
    private long compilerGlobals;
    private HostCallImpl hostCall;
    private Scratch scratch;
    private MemorySegment serverContext;
    private volatile RequestState request;
    private volatile String unusable;

    /** This thread as the OS sees it (interrupting blocking calls, giving back stack); null if unknown. */
    private volatile NativeThread nativeThread;
    /** Held while a request ends, and while another thread aborts or signals this one's request. */
    private final Object signalLock = new Object();

    PhpWorker(PhpEngine engine, int index, long stackSize) {
        super(null, null, "php-" + index, stackSize);
        this.engine = engine;
        this.index = index;
        setDaemon(false);
    }

    static PhpWorker current() {
        return Thread.currentThread() instanceof PhpWorker w ? w : null;
    }

    /** EG() of the calling PHP thread. */
    static long executorGlobals() {
        PhpWorker w = current();
        return w != null ? w.executorGlobals : ntsExecutorGlobals;
    }

    /** PG() of the calling PHP thread. */
    static long coreGlobals() {
        PhpWorker w = current();
        return w != null ? w.coreGlobals : ntsCoreGlobals;
    }

    RequestState request() {
        return request;
    }

    HostCallImpl hostCall() {
        if (hostCall == null) {
            hostCall = new HostCallImpl();
        }
        return hostCall;
    }

    Scratch scratch() {
        return scratch;
    }

    int index() {
        return index;
    }

    /** Whether PHP left this thread in a state where it must not run another request. */
    boolean unusable() {
        return unusable != null;
    }

    String unusableReason() {
        return unusable;
    }

    void markUnusable(String why) {
        if (unusable == null) {
            unusable = why;
        }
    }

    @Override
    public void run() {
        try {
            nativeThread = NativeThread.current();
            engine.threadStarted(this);
            engine.serve(this);
        } catch (Throwable t) {
            engine.workerDied(this, t);
        } finally {
            engine.threadStopped(this);
        }
    }

    /**
     * Gives this thread its PHP globals: with ZTS its own TSRM slice (ts_resource_ex also points the library's
     * thread-local cache at it), with NTS the process-wide ones. The first thread's slice comes from
     * php_tsrm_startup instead; see {@link #locateGlobals}.
     */
    void attachGlobals(LibPhp lib) throws Throwable {
        scratch = new Scratch(64 * 1024);
        serverContext = Arena.global().allocate(8);
        if (lib.zts && index != 0) {
            MemorySegment ignored = (MemorySegment) lib.tsResourceEx.invokeExact(0, MemorySegment.NULL);
        }
    }

    /**
     * Finds this thread's SG/EG/PG/CG. With ZTS they sit at fixed offsets in the thread's TSRM slice, and the
     * offsets are only known once the module has started (each *_globals_offset is assigned when its globals are
     * registered): reading them earlier gives 0, and writing "SG" there overwrote TSRM's own bookkeeping.
     */
    void locateGlobals(LibPhp lib) throws Throwable {
        if (lib.zts) {
            long cache = ((MemorySegment) lib.tsrmGetLsCache.invokeExact()).address();
            sapiGlobals = cache + offset(lib, "sapi_globals_offset");
            executorGlobals = cache + offset(lib, "executor_globals_offset");
            coreGlobals = cache + offset(lib, "core_globals_offset");
            compilerGlobals = cache + offset(lib, "compiler_globals_offset");
        } else {
            if (ntsSapiGlobals == 0) {
                ntsSapiGlobals = lib.symbol("sapi_globals").address();
                ntsExecutorGlobals = lib.symbol("executor_globals").address();
                ntsCoreGlobals = lib.symbol("core_globals").address();
            }
            coreGlobals = ntsCoreGlobals;
            compilerGlobals = lib.symbol("compiler_globals").address();
            sapiGlobals = ntsSapiGlobals;
            executorGlobals = ntsExecutorGlobals;
        }
    }

    private static long offset(LibPhp lib, String symbol) {
        long offset = Mem.getLong(lib.symbol(symbol).address());
        if (offset <= 0) {
            throw new IllegalStateException(symbol + " is not set: PHP's globals are not registered yet");
        }
        return offset;
    }

    void detachGlobals(LibPhp lib) {
        try {
            if (lib.zts) {
                lib.tsFreeThread.invokeExact();
            }
        } catch (Throwable ignored) {
            // the thread is ending anyway
        }
        if (scratch != null) {
            scratch.close();
        }
    }

    /**
     * Asks PHP to stop the running request at its next opcode, as a max_execution_time timeout would, and wakes
     * the thread from a blocking system call (sleep(), a socket read), which would otherwise hold it until the
     * call returns by itself.
     */
    void interrupt(RequestState target) {
        synchronized (signalLock) {
            // Under the lock that ends a request: an abort that comes late must not stop the thread's next one.
            if (request != target || target == null) {
                return;
            }
            target.aborted = true;
            LibPhp lib = LibPhp.current();
            if (lib != null && !lib.zts) {
                // NTS's max_execution_time timer is the process's SIGPROF, and its handler, finding EG(timed_out)
                // already set, takes that for a second, hard timeout and calls _exit(124): the whole JVM. Disarm
                // it first (it is process-wide, so any thread can). ZTS's per-thread timer has no such path.
                try {
                    lib.unsetTimeout.invokeExact();
                } catch (Throwable ignored) {
                    // the flags below still end the script at its next opcode
                }
            }
            Mem.putByte(executorGlobals + Layout.EG_TIMED_OUT, (byte) 1);
            Mem.putByte(executorGlobals + Layout.EG_VM_INTERRUPT, (byte) 1);
        }
        wakeFromBlockingCalls(target);
    }

    /**
     * When, after an abort, the thread is signalled (see {@link NativeThread#interrupt}): at once, and again in
     * case that signal landed just before the script entered its blocking call. Few, because a poll that PHP
     * retries on EINTR starts its timeout over at each one.
     */
    private static final long[] WAKE_DELAYS_MS = {0, 100, 1000};

    /**
     * Signals the thread at {@link #WAKE_DELAYS_MS} while it still runs the request and the script has not yet
     * reached the opcode that ends it. The first condition keeps the pthread handle alive (a handle of an ended
     * thread may point at unmapped memory: signalling it crashed the JVM), and both are checked under the lock that
     * ends a request. The second stops the signals once PHP has acted on the abort (zend_timeout clears
     * EG(timed_out)): the script's shutdown functions and destructors then run, and their I/O must not fail with
     * EINTR.
     */
    private void wakeFromBlockingCalls(RequestState target) {
        NativeThread self = nativeThread;
        if (self == null) {
            return;
        }
        Thread.ofVirtual().name(getName() + "-wake").start(() -> {
            try {
                for (long delay : WAKE_DELAYS_MS) {
                    Thread.sleep(delay);
                    synchronized (signalLock) {
                        if (request != target || Mem.getByte(executorGlobals + Layout.EG_TIMED_OUT) == 0) {
                            return;
                        }
                        self.interrupt();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Runs one request to the end. Never throws for anything PHP or the request did. */
    PhpResult execute(LibPhp lib, PhpEngine.Job job) throws Throwable {
        PhpRequest q = job.request();
        try (Arena arena = Arena.ofConfined()) {
            RequestState r = new RequestState(q, job.sink(), arena);
            job.state = r;
            long sg = sapiGlobals;
            long eg = executorGlobals;
            Mem.putLong(sg + Layout.SG_SERVER_CONTEXT, serverContext.address());
            Mem.putLong(sg + Layout.SG_REQUEST_METHOD, r.cString(q.method(), true));
            Mem.putLong(sg + Layout.SG_QUERY_STRING, r.cString(q.queryString(), true));
            Mem.putLong(sg + Layout.SG_REQUEST_URI, r.cString(q.uri(), true));
            String scriptName = q.script() != null ? q.script().toString() : q.codeName();
            Mem.putLong(sg + Layout.SG_PATH_TRANSLATED, r.cString(scriptName, false));
            Mem.putLong(sg + Layout.SG_CONTENT_TYPE, q.contentType() == null ? 0 : r.cString(q.contentType(), true));
            Mem.putLong(sg + Layout.SG_CONTENT_LENGTH, Math.max(0, q.contentLength()));
            Mem.putLong(sg + Layout.SG_COOKIE_DATA, 0);
            // PHP frees these at request end but does not clear them; stale pointers would be freed twice.
            Mem.putLong(sg + Layout.SG_AUTH_USER, 0);
            Mem.putLong(sg + Layout.SG_AUTH_PASSWORD, 0);
            Mem.putLong(sg + Layout.SG_AUTH_DIGEST, 0);
            setArgv(r, q.argv(), sg);
            Mem.putInt(sg + Layout.SG_PROTO_NUM, protoNum(q.protocol()));
            // Not reset by PHP between requests: a 404 or exit(3) would otherwise leak into the next request.
            Mem.putInt(sg + Layout.SG_HTTP_RESPONSE_CODE, 200);
            Mem.putInt(eg + Layout.EG_EXIT_STATUS, 0);
            // Never chdir() to the script: the working directory is process-wide and shared with the JVM.
            Mem.putInt(sg + Layout.SG_OPTIONS, Mem.getInt(sg + Layout.SG_OPTIONS) | Layout.SAPI_OPTION_NO_CHDIR);

            request = r;
            // Once in this try, PHP's request state may exist and needs php_request_shutdown.
            boolean finished = false;
            try {
                if ((int) lib.phpRequestStartup.invokeExact() != 0) {
                    r.logged("ephpm: PHP request start-up failed");
                    markUnusable("php_request_startup failed");
                    return r.result(255, false);
                }
                String auth = q.header("Authorization");
                if (auth != null) {
                    int ignored = (int) lib.phpHandleAuthData.invokeExact(MemorySegment.ofAddress(r.cString(auth, true)));
                }
                if (q.cli()) {
                    runInline(lib, r, CLI_PRELUDE, "ephpm CLI prelude", false);
                }
                // php-cli skips a "#!" first line (executable scripts such as /usr/bin/phpunit).
                Mem.putByte(compilerGlobals + Layout.CG_SKIP_SHEBANG, (byte) (q.cli() ? 1 : 0));
                int exitStatus;
                if (q.script() != null && !Files.isReadable(q.script())) {
                    // What php-cli says; PHP itself would raise a fatal "Failed opening required".
                    r.logged("Could not open input file: " + q.script());
                    Mem.putInt(sg + Layout.SG_HTTP_RESPONSE_CODE, 404);
                    exitStatus = 1;
                } else {
                    MemorySegment fh = arena.allocate(Layout.FH_SIZE, 8);
                    lib.zendStreamInitFilename.invokeExact(fh, MemorySegment.ofAddress(r.cString(scriptName, false)));
                    if (q.code() != null) {
                        setBuffer(lib, fh, q.code());
                        // Code from memory keeps its name as its path; otherwise PHP would resolve the name
                        // against the working directory like a file.
                        fh.set(java.lang.foreign.ValueLayout.JAVA_LONG, Layout.FH_OPENED_PATH,
                                newZendString(lib, q.codeName().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    }
                    fh.set(java.lang.foreign.ValueLayout.JAVA_BYTE, Layout.FH_PRIMARY_SCRIPT, (byte) 1);
                    boolean ignored = (boolean) lib.phpExecuteScript.invokeExact(fh);
                    exitStatus = Mem.getInt(eg + Layout.EG_EXIT_STATUS);
                    lib.zendDestroyFileHandle.invokeExact(fh);
                }
                r.stopReadingBody();
                finished = true;
                lib.phpRequestShutdown.invokeExact(MemorySegment.NULL);
                if (Mem.getLong(eg + Layout.EG_CURRENT_EXECUTE_DATA) != 0) {
                    // A finished request leaves no VM frame behind; one that does was cut off half-way.
                    markUnusable("PHP still had a running frame after the request");
                }
                boolean timedOut = r.aborted || r.loggedTimeout();
                NativeThread self = nativeThread;
                if (exitStatus == 255 && self != null) {
                    // A fatal error, which is how runaway recursion ends (memory_limit or a timeout): give back
                    // the stack it may have committed.
                    self.releaseStack();
                }
                return r.result(exitStatus, timedOut);
            } finally {
                if (!finished) {
                    // A Java-side failure (or failed start-up) in the middle of a request: end PHP's request so
                    // its memory and locks are released; this thread is retired whatever the outcome.
                    markUnusable("the request was interrupted by an internal error");
                    try {
                        lib.phpRequestShutdown.invokeExact(MemorySegment.NULL);
                    } catch (Throwable ignored) {
                        // already unusable
                    }
                }
                synchronized (signalLock) {
                    request = null; // from here no abort touches this thread (see interrupt)
                }
                Mem.putLong(sg + Layout.SG_SERVER_CONTEXT, 0);
                Mem.putLong(sg + Layout.SG_REQUEST_METHOD, 0);
                Mem.putLong(sg + Layout.SG_QUERY_STRING, 0);
                Mem.putLong(sg + Layout.SG_REQUEST_URI, 0);
                Mem.putLong(sg + Layout.SG_PATH_TRANSLATED, 0);
                Mem.putLong(sg + Layout.SG_CONTENT_TYPE, 0);
                Mem.putLong(sg + Layout.SG_COOKIE_DATA, 0);
                Mem.putLong(sg + Layout.SG_ARGV, 0);
                Mem.putInt(sg + Layout.SG_ARGC, 0);
            }
        }
    }

    /** Compiles and runs PHP source from memory inside the current request (used for the CLI prelude). */
    private void runInline(LibPhp lib, RequestState r, byte[] code, String name, boolean primary) throws Throwable {
        MemorySegment fh = r.arena().allocate(Layout.FH_SIZE, 8);
        lib.zendStreamInitFilename.invokeExact(fh, MemorySegment.ofAddress(r.cString(name, false)));
        setBuffer(lib, fh, code);
        fh.set(java.lang.foreign.ValueLayout.JAVA_BYTE, Layout.FH_PRIMARY_SCRIPT, (byte) (primary ? 1 : 0));
        int ignored = (int) lib.zendExecuteScripts.invokeExact(Layout.ZEND_REQUIRE, MemorySegment.NULL, 1, fh);
        lib.zendDestroyFileHandle.invokeExact(fh);
    }

    /**
     * Points a file handle at source in PHP's request heap: the scanner reads {@code buf} directly (with the
     * zero padding it reads ahead into) and frees it with the handle.
     */
    private static void setBuffer(LibPhp lib, MemorySegment fh, byte[] code) throws Throwable {
        long buf = RequestHeap.allocate((long) code.length + Layout.ZEND_MMAP_AHEAD);
        if (buf == 0) {
            throw new IllegalStateException("out of PHP memory for " + code.length + " bytes of source");
        }
        Mem.copy(code, 0, buf, code.length);
        Mem.segment(buf + code.length, Layout.ZEND_MMAP_AHEAD).fill((byte) 0);
        fh.set(java.lang.foreign.ValueLayout.JAVA_BYTE, Layout.FH_TYPE, (byte) Layout.ZEND_HANDLE_STREAM);
        fh.set(java.lang.foreign.ValueLayout.JAVA_LONG, Layout.FH_BUF, buf);
        fh.set(java.lang.foreign.ValueLayout.JAVA_LONG, Layout.FH_LEN, (long) code.length);
    }

    /** A refcounted zend_string on the request heap; the file handle releases it. */
    private static long newZendString(LibPhp lib, byte[] bytes) throws Throwable {
        long s = RequestHeap.allocate((Layout.ZSTR_VAL + bytes.length + 1 + 7) & ~7L);
        if (s == 0) {
            throw new IllegalStateException("out of PHP memory");
        }
        Mem.putInt(s + Layout.ZSTR_REFCOUNT, 1);
        Mem.putInt(s + Layout.ZSTR_TYPE_INFO, Layout.ZSTR_FRESH_TYPE_INFO);
        Mem.putLong(s + Layout.ZSTR_H, 0);
        Mem.putLong(s + Layout.ZSTR_LEN, bytes.length);
        Mem.copy(bytes, 0, s + Layout.ZSTR_VAL, bytes.length);
        Mem.putByte(s + Layout.ZSTR_VAL + bytes.length, (byte) 0);
        return s;
    }

    private static void setArgv(RequestState r, List<String> argv, long sg) {
        if (argv == null) {
            Mem.putInt(sg + Layout.SG_ARGC, 0);
            Mem.putLong(sg + Layout.SG_ARGV, 0);
            return;
        }
        MemorySegment array = r.arena().allocate(8L * (argv.size() + 1), 8);
        for (int i = 0; i < argv.size(); i++) {
            array.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i, r.cString(argv.get(i), false));
        }
        Mem.putInt(sg + Layout.SG_ARGC, argv.size());
        Mem.putLong(sg + Layout.SG_ARGV, array.address());
    }

    private static int protoNum(String protocol) {
        return switch (protocol) {
            case "HTTP/1.0" -> 1000;
            case "HTTP/2", "HTTP/2.0" -> 2000;
            case "HTTP/3" -> 3000;
            default -> 1001;
        };
    }
}
