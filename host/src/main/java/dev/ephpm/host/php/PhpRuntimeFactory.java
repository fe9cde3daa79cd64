package dev.ephpm.host.php;

import dev.ephpm.bridge.PhpExtensions;
import dev.ephpm.bridge.PhpRuntime;
import dev.ephpm.bridge.PhpRuntimeConfig;
import dev.ephpm.bridge.function.HostFunction;
import dev.ephpm.host.config.PhpConfig;
import dev.ephpm.host.config.RequestLimits;
import dev.ephpm.host.logging.PhpLog;

import java.util.List;
import java.util.Map;

/**
 * Starts the engine for serving HTTP: the {@code fpm-fcgi} SAPI name (frameworks then treat requests as web
 * requests, and OPcache enables itself for it), production php.ini defaults like php.ini-production's, the limits
 * derived from {@code [server.request]}, and the user's {@code [php.ini]} last so it can override any of them.
 */
public final class PhpRuntimeFactory {
    private PhpRuntimeFactory() {
    }

    public static PhpRuntimeConfig runtimeConfig(PhpConfig php, RequestLimits limits, List<HostFunction> functions) {
        long stack = stackFor(php);
        PhpRuntimeConfig.Builder b = PhpRuntimeConfig.builder()
                .library(php.library())
                .sapiName("fpm-fcgi")
                .readSystemIni(php.systemIni())
                .threads(php.workers())
                .threadStackSize(stack)
                // where the OS will not reserve that much (Linux's overcommit heuristic refuses one mapping over
                // RAM + swap), settle for less, with a warning, down to what array_map recursion needs
                .minThreadStackSize(Math.min(stack, Math.max(256L << 20, 2 * php.memoryLimit().bytes())))
                // Scripts may lower memory_limit but not raise it past [php] memory_limit: the stacks are sized
                // for it, and it is what ends runaway recursion before the process dies (see MemoryLimitCap).
                .capMemoryLimit(true)
                .queueCapacity(php.queueSize())
                .functions(functions)
                .logSink(new PhpLog());
        // Debian's shared extensions are built for its NTS library and cannot load into a ZTS one; the ZTS build
        // has the extensions Laravel and Symfony need compiled in (scripts/build-zts-php.sh lists them).
        if (php.distroExtensions() && !php.threadSafe()) {
            for (Map.Entry<String, String> e : PhpExtensions.enabledIn(PhpExtensions.DEBIAN_EMBED_CONF_D)) {
                if (e.getKey().equals("zend_extension")) {
                    if (!(php.opcache() && e.getValue().contains("opcache"))) {
                        b.zendExtension(e.getValue());
                    }
                } else {
                    b.extension(e.getValue());
                }
            }
        }
        if (php.opcache()) {
            b.zendExtension("opcache").ini("opcache.enable", "1");
        }
        for (String ext : php.extensions()) {
            b.extension(ext);
        }
        String body = Long.toString(limits.maxBodySize().bytes());
        b.ini("memory_limit", Long.toString(php.memoryLimit().bytes()))
                .ini("max_execution_time", Long.toString((php.maxExecutionTime().toMillis() + 999) / 1000))
                .ini("post_max_size", body)
                .ini("upload_max_filesize", body)
                // php.ini-production: never show errors to visitors, log them (they reach the server log)
                .ini("display_errors", "0")
                .ini("display_startup_errors", "0")
                .ini("log_errors", "1")
                .ini("html_errors", "0")
                .ini("expose_php", "0")
                .ini("error_reporting", "E_ALL & ~E_DEPRECATED & ~E_STRICT")
                .ini("variables_order", "GPCS")
                .ini("request_order", "GP")
                .ini("zend.exception_ignore_args", "1")
                .ini(php.ini());
        return b.build();
    }

    /**
     * PHP 8.2 has no stack guard: a script recursing through internal code (array_map, usort, __toString,
     * ArrayAccess...) uses C stack in step with PHP memory and, if the stack runs out before memory_limit does,
     * takes the whole process down with a SIGSEGV. How much stack a level takes per byte of PHP memory depends on
     * the path: through array_map a 256 MiB stack outlasts memory_limit = 256 MiB; through __toString
     * ({@code return (string) $this;}), the leanest level measured, 256 MiB outlasts 48 MiB but not 64 MiB, about
     * 5x. So the stack is {@link #STACK_PER_MEMORY_LIMIT} times memory_limit (at least 256 MiB): only address space
     * is reserved; pages are committed when touched, a script can only touch them by recursing that deep, and
     * the PHP thread gives them back after such a request (the bridge's NativeThread).
     */
    static long stackFor(PhpConfig php) {
        long limit = Math.min(php.memoryLimit().bytes(), MAX_STACK / STACK_PER_MEMORY_LIMIT); // no overflow
        return Math.max(256L << 20, STACK_PER_MEMORY_LIMIT * limit);
    }

    /** About three times the most measured (see {@link #stackFor}). */
    static final long STACK_PER_MEMORY_LIMIT = 16;
    /** Address space only; 16 x a 16 GiB memory_limit. */
    static final long MAX_STACK = 256L << 30;

    /**
     * The entries of {@code [php] extensions} that PHP reported it could not load at start-up ("Unable to load
     * dynamic library 'NAME'"). PHP only warns and starts without them; a server should not run without an
     * extension it was told to load, so the caller refuses to start.
     */
    public static List<String> unloadedExtensions(PhpConfig php, List<String> startupMessages) {
        List<String> unloaded = new java.util.ArrayList<>();
        for (String ext : php.extensions()) {
            String marker = "Unable to load dynamic library '" + ext + "'";
            if (startupMessages.stream().anyMatch(m -> m.contains(marker))) {
                unloaded.add(ext);
            }
        }
        return unloaded;
    }

    public static PhpRuntime start(PhpConfig php, RequestLimits limits, List<HostFunction> functions) {
        return PhpRuntime.start(runtimeConfig(php, limits, functions));
    }
}
