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
        PhpRuntimeConfig.Builder b = PhpRuntimeConfig.builder()
                .library(php.library())
                .sapiName("fpm-fcgi")
                .readSystemIni(php.systemIni())
                .threads(php.workers())
                .threadStackSize(stackFor(php))
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
     * PHP 8.2 has no stack guard: a script recursing through internal callbacks (array_map, usort, __toString...)
     * uses C stack in step with PHP memory and, if the stack runs out before memory_limit does, takes the whole
     * process down. Measured: a 256 MiB stack outlasts memory_limit = 256 MiB and is overrun at 512 MiB. So the
     * stack is twice memory_limit (at least 256 MiB): only address space is reserved; pages are committed when
     * touched, and a script can only touch them by recursing that deep.
     */
    static long stackFor(PhpConfig php) {
        return Math.min(64L << 30, Math.max(256L << 20, 2 * php.memoryLimit().bytes()));
    }

    public static PhpRuntime start(PhpConfig php, RequestLimits limits, List<HostFunction> functions) {
        return PhpRuntime.start(runtimeConfig(php, limits, functions));
    }
}
