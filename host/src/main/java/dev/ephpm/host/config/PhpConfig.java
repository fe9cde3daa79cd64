package dev.ephpm.host.config;

import dev.ephpm.host.php.LibphpProbe;
import dev.ephpm.host.php.ZtsBuild;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code [php]}: the embedded engine.
 *
 * @param library          libphp to load, resolved from {@code library = "auto" | "nts" | "zts" | path}
 * @param threadSafe       whether it is a ZTS build (probed at start-up)
 * @param workers          PHP threads, resolved: {@code workers = 0} means 2 per core with ZTS, 1 with NTS
 * @param queueSize        requests that may wait for a PHP thread; beyond it new requests get 503
 * @param memoryLimit      PHP's memory_limit for one request
 * @param maxExecutionTime PHP's max_execution_time: the script's CPU time with NTS, wall-clock time with ZTS;
 *                         0 leaves only the request timeout
 * @param retryAfter       Retry-After sent with a 503 when the queue is full
 * @param opcache          load OPcache
 * @param systemIni        also read the library's php.ini and conf.d (Debian's for the embed SAPI with NTS)
 * @param distroExtensions NTS only: load the extensions Debian enabled for the embed SAPI (one line per installed php8.2-*
 *                         package in /etc/php/8.2/embed/conf.d), as php-fpm loads its own; no other setting is read
 * @param extensions       shared extensions to load, by name ({@code mbstring}) or path
 * @param ini              php.ini settings; applied last, so they override everything ePHPm sets
 */
public record PhpConfig(Path library, boolean threadSafe, int workers, int queueSize, ByteSize memoryLimit,
                        Duration maxExecutionTime, Duration retryAfter, boolean opcache, boolean systemIni,
                        boolean distroExtensions, List<String> extensions, Map<String, String> ini) {
    public static final Path DEFAULT_LIBRARY = Path.of("/usr/lib/libphp8.2.so");
    static final String NTS_MESSAGE = "is not thread-safe (NTS): use workers = 1 or a ZTS build (./ephpm build-php)";

    public PhpConfig {
        extensions = List.copyOf(extensions);
        ini = Map.copyOf(ini);
    }

    private static Path library(ConfigSection s) {
        String value = s.string("library", "auto");
        if (value == null || value.isBlank()) {
            s.problem("library", "must be \"auto\", \"nts\", \"zts\" or the path of a libphp");
            return null;
        }
        try {
            return resolveLibrary(value, s.path("library", null));
        } catch (IllegalStateException e) {
            s.problem("library", "\"" + value + "\": " + e.getMessage());
            return null;
        }
    }

    /**
     * What a {@code library} setting names: {@code "auto"} (the default) the ZTS build if this machine has one
     * (many PHP threads), else Debian's NTS library; {@code "nts"} Debian's; {@code "zts"} the ZTS build, built
     * first if missing; anything else the path {@code asPath}.
     *
     * @throws IllegalStateException when "zts" is asked for and cannot be built
     */
    public static Path resolveLibrary(String value, Path asPath) {
        return switch (value.strip()) {
            case "auto" -> ZtsBuild.installed().orElse(DEFAULT_LIBRARY);
            case "nts" -> DEFAULT_LIBRARY;
            case "zts" -> ZtsBuild.installed().orElseGet(ZtsBuild::build);
            default -> asPath;
        };
    }

    static PhpConfig read(ConfigSection s) {
        Path library = library(s);
        int workers = s.integer("workers", 0, 0, 1024);
        int queue = s.integer("queue_size", 256, 1, 1_000_000);
        ByteSize memory = s.size("memory_limit", ByteSize.ofMiB(128), ByteSize.ofMiB(2), ByteSize.ofBytes(1L << 40));
        Duration maxExecution = s.duration("max_execution_time", Duration.ofSeconds(30), Duration.ZERO, Duration.ofDays(1));
        Duration retryAfter = s.duration("retry_after", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1));
        boolean opcache = s.bool("opcache", true);
        boolean systemIni = s.bool("system_ini", false);
        boolean distroExtensions = s.bool("distro_extensions", true);
        List<String> extensions = s.check("extensions", s.strings("extensions", List.of()),
                l -> l.stream().anyMatch(String::isBlank) ? "must not contain empty names" : null, List.of());
        Map<String, String> ini = s.scalars("ini");
        for (Map.Entry<String, String> e : ini.entrySet()) {
            if (e.getKey().contains("=") || e.getValue().contains("\n") || e.getKey().isBlank()) {
                s.problem("ini", "\"" + e.getKey() + "\": php.ini names cannot be empty or contain '=', values cannot"
                        + " contain line breaks");
            } else if (e.getKey().trim().equals("memory_limit")) {
                s.problem("ini", "\"memory_limit\": set it with [php] memory_limit, which also sizes the PHP thread"
                        + " stacks (scripts cannot raise it past that value)");
            }
        }
        s.finish();

        boolean threadSafe = false;
        if (library == null) {
            // already reported
        } else if (!Files.isRegularFile(library)) {
            s.problem("library", "no such file: " + library
                    + (DEFAULT_LIBRARY.equals(library) ? " (apt-get install libphp8.2-embed)" : ""));
        } else {
            try {
                threadSafe = LibphpProbe.isThreadSafe(library);
            } catch (RuntimeException e) {
                s.problem("library", "cannot be loaded: " + e.getMessage());
            }
        }
        int resolvedWorkers = workers;
        if (workers == 0) {
            resolvedWorkers = threadSafe ? 2 * Runtime.getRuntime().availableProcessors() : 1;
        } else if (workers > 1 && !threadSafe && library != null && Files.isRegularFile(library)) {
            s.problem("workers", (DEFAULT_LIBRARY.equals(library) ? "Debian's libphp8.2" : library.toString()) + " "
                    + NTS_MESSAGE);
            resolvedWorkers = 1;
        }
        return new PhpConfig(library, threadSafe, resolvedWorkers, queue, memory, maxExecution, retryAfter, opcache,
                systemIni, distroExtensions, extensions, ini);
    }
}
