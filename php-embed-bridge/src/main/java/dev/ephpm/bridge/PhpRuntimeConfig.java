package dev.ephpm.bridge;

import dev.ephpm.bridge.function.HostFunction;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to start the PHP engine. Validated once, when {@link PhpRuntime#start} is called.
 *
 * @param library        path of libphp (Debian's NTS {@code /usr/lib/libphp8.2.so}, or a ZTS build)
 * @param sapiName       what {@code php_sapi_name()} returns. {@code fpm-fcgi} (the default) makes frameworks
 *                       treat requests as web requests and is on OPcache's allow-list; {@code cli} is for running
 *                       command-line tools ({@code opcache.enable_cli} then governs OPcache)
 * @param iniEntries     php.ini settings, applied in order ({@code extension} and {@code zend_extension} may repeat:
 *                       use {@link Builder#extension})
 * @param readSystemIni  also read the system php.ini and its conf.d (off: only {@code iniEntries} apply)
 * @param threads        PHP threads; must be 1 with an NTS library
 * @param queueCapacity  requests that may wait for a PHP thread before {@link PhpQueueFullException}
 * @param threadStackSize stack of each PHP thread in bytes (PHP has no stack guard: deep recursion needs room)
 * @param minThreadStackSize the least stack to settle for when the OS refuses to reserve {@code threadStackSize}
 *                       (Linux's default overcommit heuristic refuses a single mapping larger than RAM + swap): the
 *                       stack is halved, with a warning, down to this; {@code threadStackSize} itself by default
 * @param capMemoryLimit scripts may not raise memory_limit above its start-up value or lift it: {@code ini_set}
 *                       returns false with a warning (like php-fpm's {@code php_admin_value}). A server wants this:
 *                       memory_limit is what stops runaway recursion before it takes the process down, and the
 *                       thread stacks are sized for it
 * @param moduleName     the PHP extension name under which host functions are registered
 * @param functions      host functions written in Java
 * @param logSink        receives every message PHP logs (also outside requests), with the request's errors
 */
public record PhpRuntimeConfig(Path library, String sapiName, List<Map.Entry<String, String>> iniEntries,
                               boolean readSystemIni, int threads, int queueCapacity, long threadStackSize,
                               long minThreadStackSize, boolean capMemoryLimit, String moduleName, List<HostFunction> functions,
                               Consumer<String> logSink) {
    public static final Path DEFAULT_LIBRARY = Path.of("/usr/lib/libphp8.2.so");

    public PhpRuntimeConfig {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(sapiName, "sapiName");
        iniEntries = List.copyOf(iniEntries);
        functions = List.copyOf(functions);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must be >= 0, was " + queueCapacity);
        }
        if (threadStackSize < 8L << 20) {
            throw new IllegalArgumentException("threadStackSize must be at least 8 MiB, was " + threadStackSize);
        }
        if (minThreadStackSize == 0) {
            minThreadStackSize = threadStackSize;
        }
        if (minThreadStackSize < 8L << 20 || minThreadStackSize > threadStackSize) {
            throw new IllegalArgumentException("minThreadStackSize must be from 8 MiB to threadStackSize, was "
                    + minThreadStackSize);
        }
        if (!moduleName.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("moduleName must be a lower-case identifier, was '" + moduleName + "'");
        }
        if (logSink == null) {
            logSink = m -> { };
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Path library = DEFAULT_LIBRARY;
        private String sapiName = "fpm-fcgi";
        private final List<Map.Entry<String, String>> ini = new ArrayList<>();
        private boolean readSystemIni;
        private int threads = 1;
        private int queueCapacity = 1024;
        private long threadStackSize = 256L << 20;
        private long minThreadStackSize;
        private boolean capMemoryLimit;
        private String moduleName = "ephpm";
        private final List<HostFunction> functions = new ArrayList<>();
        private Consumer<String> logSink;

        public Builder library(Path library) {
            this.library = library;
            return this;
        }

        public Builder sapiName(String sapiName) {
            this.sapiName = sapiName;
            return this;
        }

        /** Sets a php.ini value; a later call for the same key wins. */
        public Builder ini(String key, String value) {
            ini.removeIf(e -> e.getKey().equals(key));
            ini.add(Map.entry(key, value));
            return this;
        }

        public Builder ini(Map<String, String> entries) {
            entries.forEach(this::ini);
            return this;
        }

        /** Loads a shared extension ({@code mbstring}, or a path). */
        public Builder extension(String nameOrPath) {
            ini.add(Map.entry("extension", nameOrPath));
            return this;
        }

        /** Loads a Zend extension such as {@code opcache}. */
        public Builder zendExtension(String nameOrPath) {
            ini.add(Map.entry("zend_extension", nameOrPath));
            return this;
        }

        public Builder readSystemIni(boolean read) {
            this.readSystemIni = read;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder queueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        public Builder capMemoryLimit(boolean cap) {
            this.capMemoryLimit = cap;
            return this;
        }

        public Builder threadStackSize(long bytes) {
            this.threadStackSize = bytes;
            return this;
        }

        /** See {@link PhpRuntimeConfig#minThreadStackSize}. */
        public Builder minThreadStackSize(long bytes) {
            this.minThreadStackSize = bytes;
            return this;
        }

        public Builder moduleName(String name) {
            this.moduleName = name;
            return this;
        }

        public Builder function(HostFunction function) {
            functions.add(function);
            return this;
        }

        public Builder functions(List<HostFunction> list) {
            functions.addAll(list);
            return this;
        }

        public Builder logSink(Consumer<String> sink) {
            this.logSink = sink;
            return this;
        }

        public PhpRuntimeConfig build() {
            return new PhpRuntimeConfig(library, sapiName, new ArrayList<>(ini), readSystemIni, threads,
                    queueCapacity, threadStackSize, minThreadStackSize, capMemoryLimit, moduleName, new ArrayList<>(functions), logSink);
        }
    }
}
