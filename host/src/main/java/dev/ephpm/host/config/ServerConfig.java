package dev.ephpm.host.config;

import dev.ephpm.host.routing.TryTarget;
import dev.ephpm.host.tls.PemSslContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code [server]} and its sub-tables.
 *
 * @param listen         where plain HTTP (HTTP/1.1, and HTTP/2 by upgrade or prior knowledge) binds
 * @param documentRoot   the directory served; nothing outside it is ever served or run
 * @param indexFiles     tried in order for a directory
 * @param fallback       nginx try_files: what a path resolves to (see {@link TryTarget})
 * @param symlinkTargets directories outside the document root that symlinks inside it may point into (Laravel's
 *                       {@code public/storage -> ../storage/app/public}); any other escaping symlink is refused
 * @param ioThreads      Undertow I/O threads; 0 means one per core
 * @param http2          offer HTTP/2 (h2c upgrade and prior knowledge on the plain listener, ALPN over TLS)
 * @param tls            null when HTTPS is off
 */
public record ServerConfig(ListenAddress listen, Path documentRoot, List<String> indexFiles, List<TryTarget> fallback,
                           List<Path> symlinkTargets, int ioThreads, boolean http2, RequestLimits request,
                           Timeouts timeouts, StaticFilesConfig statics, CompressionConfig compression, TlsConfig tls,
                           LoggingConfig logging, MetricsConfig metrics) {
    public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("0.0.0.0", 8080);
    public static final List<String> DEFAULT_INDEX_FILES = List.of("index.php", "index.html");
    public static final List<String> DEFAULT_FALLBACK = List.of("$uri", "$uri/", "/index.php?$query_string");

    public ServerConfig {
        indexFiles = List.copyOf(indexFiles);
        fallback = List.copyOf(fallback);
        symlinkTargets = List.copyOf(symlinkTargets);
    }

    /** This configuration with its file-system paths cleared, to compare settings across base directories. */
    public ServerConfig withoutPaths() {
        return new ServerConfig(listen, null, indexFiles, fallback, List.of(), ioThreads, http2, request, timeouts,
                statics, compression, tls, logging, metrics);
    }

    static ServerConfig read(ConfigSection s) {
        ListenAddress listen = s.address("listen", DEFAULT_LISTEN);
        Path root = s.path("document_root", "public");
        if (root == null) {
            s.problem("document_root", "must not be empty");
        } else if (!Files.isDirectory(root)) {
            s.problem("document_root", "no such directory: " + root);
        }
        List<String> index = s.check("index_files", s.strings("index_files", DEFAULT_INDEX_FILES),
                l -> l.stream().anyMatch(f -> f.isEmpty() || f.contains("/") || f.startsWith("."))
                        ? "must be plain file names such as \"index.php\"" : null, DEFAULT_INDEX_FILES);
        List<String> fallbackText = s.strings("fallback", DEFAULT_FALLBACK);
        List<TryTarget> fallback;
        try {
            fallback = TryTarget.parseAll(fallbackText);
        } catch (IllegalArgumentException e) {
            s.problem("fallback", e.getMessage());
            fallback = TryTarget.parseAll(DEFAULT_FALLBACK);
        }
        List<Path> symlinkTargets = new ArrayList<>();
        for (String t : s.strings("symlink_targets", List.of())) {
            Path p = s.baseDirectory().resolve(t).normalize();
            if (!Files.isDirectory(p)) {
                s.problem("symlink_targets", "no such directory: " + p);
            } else {
                symlinkTargets.add(p);
            }
        }
        int ioThreads = s.integer("io_threads", 0, 0, 1024);
        boolean http2 = s.bool("http2", true);
        RequestLimits request = RequestLimits.read(s.section("request"));
        Timeouts timeouts = Timeouts.read(s.section("timeouts"));
        StaticFilesConfig statics = StaticFilesConfig.read(s.section("static"));
        CompressionConfig compression = CompressionConfig.read(s.section("compression"));
        TlsConfig tls = readTls(s.section("tls"));
        LoggingConfig logging = LoggingConfig.read(s.section("logging"));
        MetricsConfig metrics = MetricsConfig.read(s.section("metrics"));
        s.finish();
        return new ServerConfig(listen, root, index, fallback, symlinkTargets, ioThreads, http2, request, timeouts,
                statics, compression, tls, logging, metrics);
    }

    private static TlsConfig readTls(ConfigSection s) {
        Path cert = s.path("cert", "");
        Path key = s.path("key", "");
        ListenAddress listen = s.address("listen", TlsConfig.DEFAULT_LISTEN);
        s.finish();
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            s.problem(cert == null ? "cert" : "key", "must be set together with " + (cert == null ? "key" : "cert"));
            return null;
        }
        try {
            PemSslContext.load(cert, key);
        } catch (PemSslContext.PemException e) {
            s.problem(e.isAboutKey() ? "key" : "cert", e.getMessage());
            return null;
        }
        return new TlsConfig(cert, key, listen);
    }
}
