package dev.ephpm.host;

import dev.ephpm.bridge.PhpRuntime;
import dev.ephpm.host.config.ConfigException;
import dev.ephpm.host.config.EphpmConfig;
import dev.ephpm.host.config.ServerConfig;
import dev.ephpm.host.http.AddressText;
import dev.ephpm.host.http.CompressionHandler;
import dev.ephpm.host.http.HealthHandler;
import dev.ephpm.host.http.RequestLimitsHandler;
import dev.ephpm.host.logging.AccessLogHandler;
import dev.ephpm.host.logging.AccessLogWriter;
import dev.ephpm.host.metrics.MetricsHandler;
import dev.ephpm.host.metrics.RequestMetricsHandler;
import dev.ephpm.host.metrics.ServerMetrics;
import dev.ephpm.host.php.CgiEnvironment;
import dev.ephpm.host.php.PhpHandler;
import dev.ephpm.host.php.PhpRuntimeFactory;
import dev.ephpm.host.routing.FrontControllerHandler;
import dev.ephpm.host.safety.DocumentRoot;
import dev.ephpm.host.safety.PathSafetyHandler;
import dev.ephpm.host.statics.StaticFileHandler;
import dev.ephpm.host.tls.PemSslContext;
import dev.ephpm.kv.KvStore;
import dev.ephpm.sapi.KvFunctions;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running ePHPm server: the KV store, the PHP engine with the KV host functions, and Undertow in front with
 * this handler chain (outermost first), each handler doing one thing:
 *
 * <pre>
 * RequestMetrics  counts and times every request
 * AccessLog       one line per request
 * GracefulShutdown  tracks in-flight requests; 503 once draining
 * Health          /_ephpm/health
 * Metrics         /_ephpm/metrics (Prometheus)
 * RequestLimits   431 headers, 413 bodies
 * PathSafety      decodes the path once; refuses traversal, NUL, hidden files
 * Compression     gzip, decided when the response starts
 * FrontController try_files: static file, PHP script, directory index, front controller
 *   ├─ StaticFile  ETag/304, Range/206, sendfile for large files
 *   └─ HttpContinue → Php  body received on the I/O thread, then one hand-off to a PHP thread
 * </pre>
 */
public final class EphpmServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EphpmServer.class);

    private final EphpmConfig config;
    private final KvStore kv;
    private final PhpRuntime php;
    private final ServerMetrics metrics;
    private final GracefulShutdownHandler graceful;
    private final Undertow undertow;
    private final AccessLogWriter accessLog;
    private volatile boolean draining;
    private volatile boolean stopped;

    private EphpmServer(EphpmConfig config, KvStore kv, PhpRuntime php) throws IOException {
        this.config = config;
        this.kv = kv;
        this.php = php;
        this.metrics = new ServerMetrics();
        metrics.bindPhp(php);
        metrics.bindKv(kv);
        ServerConfig server = config.server();
        DocumentRoot root = new DocumentRoot(server.documentRoot(), server.symlinkTargets());
        this.graceful = new GracefulShutdownHandler(chain(server, root));
        HttpHandler outer = graceful;
        this.accessLog = server.logging().accessLogEnabled() ? AccessLogWriter.open(server.logging().accessLog(),
                AccessLogHandler.formatter(server.logging().accessLogFormat())) : null;
        if (accessLog != null) {
            outer = new AccessLogHandler(outer, accessLog);
        }
        outer = new RequestMetricsHandler(outer, metrics);
        this.undertow = undertow(server, outer);
    }

    /**
     * Starts everything; returns once the listeners accept connections.
     *
     * @throws dev.ephpm.bridge.PhpStartupException when PHP cannot start
     */
    public static EphpmServer start(EphpmConfig config) {
        KvStore kv = KvStore.create(config.kv());
        PhpRuntime php = PhpRuntimeFactory.start(config.php(), config.server().request(), KvFunctions.all(kv));
        List<String> unloaded = PhpRuntimeFactory.unloadedExtensions(config.php(), php.startupMessages());
        if (!unloaded.isEmpty()) {
            php.close();
            throw new ConfigException(unloaded.stream().map(e -> config.source() + ": [php] extensions: \"" + e
                    + "\" did not load (PHP: Unable to load dynamic library; with ZTS only extensions built for it"
                    + " load, see scripts/build-zts-php.sh for those compiled in)").toList());
        }
        try {
            EphpmServer server = new EphpmServer(config, kv, php);
            server.undertow.start();
            server.logStarted();
            return server;
        } catch (IOException | RuntimeException e) {
            php.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private HttpHandler chain(ServerConfig server, DocumentRoot root) {
        CgiEnvironment cgi = new CgiEnvironment(root.path().toString(), "ePHPm/" + Version.get());
        HttpHandler phpHandler = new HttpContinueReadHandler(new PhpHandler(php, cgi,
                server.request(), server.timeouts().request(),
                config.php().retryAfter(), metrics));
        HttpHandler statics = new StaticFileHandler(server.statics(), server.timeouts().idle());
        HttpHandler h = new FrontControllerHandler(root, server.indexFiles(), server.fallback(), statics, phpHandler);
        if (server.compression().enabled()) {
            h = new CompressionHandler(h, server.compression());
        }
        h = new PathSafetyHandler(h, server.statics().denyHiddenFiles());
        h = new RequestLimitsHandler(h, server.request());
        if (server.metrics().enabled()) {
            h = new MetricsHandler(h, server.metrics().path(), metrics);
        }
        return new HealthHandler(h, () -> draining, this::healthDetails);
    }

    /** Undertow's Http2Channel.HTTP2_MAX_HEADER_SIZE_PROPERTY. */
    private static final String HTTP2_MAX_HEADER_SIZE_PROPERTY = "io.undertow.http2-max-header-size";

    private Undertow undertow(ServerConfig server, HttpHandler handler) {
        int cores = Runtime.getRuntime().availableProcessors();
        // one per core (Undertow's own rule); on two cores, one I/O thread measured no better for PHP-bound load
        // and worse for static files (bench/http)
        int ioThreads = server.ioThreads() > 0 ? server.ioThreads() : Math.max(1, cores);
        long maxHeader = server.request().maxHeaderSize().bytes();
        int parserHeaderLimit = (int) Math.max(1 << 20, 4 * maxHeader);
        // HTTP/2 also caps a request's headers at this JVM-wide property, 20,000 bytes by default, read once when
        // its channel class loads: over it the stream is refused with a protocol error instead of a 431, so a
        // 20 KB cookie that HTTP/1.1 takes failed on HTTP/2. Raised to twice [server.request] max_header_size
        // (what is between the two gets our 431), unless set; each HTTP/2 connection may hold 128 streams at once
        // (nginx's default) rather than Undertow's unlimited, so that this bounds what a connection can make us
        // buffer.
        if (System.getProperty(HTTP2_MAX_HEADER_SIZE_PROPERTY) == null) {
            System.setProperty(HTTP2_MAX_HEADER_SIZE_PROPERTY, Long.toString(Math.min(Integer.MAX_VALUE, 2 * maxHeader)));
        }
        int idle = (int) Math.min(Integer.MAX_VALUE, server.timeouts().idle().toMillis());
        Undertow.Builder b = Undertow.builder()
                .setIoThreads(ioThreads)
                // workers only stream large files and finish rare edge cases; PHP has its own threads
                .setWorkerThreads(Math.max(8, 4 * ioThreads))
                .setHandler(handler)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, server.http2())
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 128)
                // Undertow's own parser limits answer 400 and close; ours (RequestLimitsHandler) answer 431 below
                // them. These only bound what an absurd request can make us buffer.
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, parserHeaderLimit)
                .setServerOption(UndertowOptions.MAX_HEADERS, Math.max(200, 4 * server.request().maxHeaders()))
                .setServerOption(UndertowOptions.MAX_PARAMETERS, 10_000)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, server.request().maxBodySize().bytes())
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, true)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT,
                        (int) Math.min(Integer.MAX_VALUE, server.timeouts().header().toMillis()))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, idle)
                // HTTP/1: a read or write that makes no progress for this long fails and closes the connection
                // (a stalled upload, a client that stops reading); HTTP/2 uses IDLE_TIMEOUT for the connection
                .setSocketOption(Options.READ_TIMEOUT, idle)
                .setSocketOption(Options.WRITE_TIMEOUT, idle)
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, idle)
                .addHttpListener(server.listen().port(), server.listen().host());
        if (server.tls() != null) {
            try {
                b.addHttpsListener(server.tls().listen().port(), server.tls().listen().host(),
                        PemSslContext.load(server.tls().cert(), server.tls().key()));
            } catch (PemSslContext.PemException e) {
                throw new IllegalStateException(e.getMessage(), e); // validated at load; only a race gets here
            }
        }
        return b.build();
    }

    private String healthDetails() {
        return "\"php\":{\"version\":\"" + php.phpVersion() + "\",\"zts\":" + php.threadSafe()
                + ",\"threads\":" + php.threads() + ",\"busy\":" + php.busyThreads()
                + ",\"queued\":" + php.queueDepth() + "}";
    }

    private void logStarted() {
        LOG.info("ePHPm {} serving {} on http://{}{} (PHP {} {} from {}, {} PHP thread{}, config {})", Version.get(),
                config.server().documentRoot(), format(httpAddress()),
                httpsAddress() == null ? "" : " and https://" + format(httpsAddress()), php.phpVersion(),
                php.threadSafe() ? "ZTS" : "NTS", php.library(), php.threads(), php.threads() == 1 ? "" : "s",
                config.source());
    }

    private static String format(InetSocketAddress a) {
        String host = AddressText.of(a);
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The bound plain-HTTP address (the real port when the config said 0). */
    public InetSocketAddress httpAddress() {
        return address("http");
    }

    /** The bound HTTPS address, or null without TLS. */
    public InetSocketAddress httpsAddress() {
        return address("https");
    }

    private InetSocketAddress address(String protocol) {
        for (Undertow.ListenerInfo info : undertow.getListenerInfo()) {
            if (info.getProtcol().equals(protocol)) {
                return (InetSocketAddress) info.getAddress();
            }
        }
        return null;
    }

    public PhpRuntime php() {
        return php;
    }

    public KvStore kv() {
        return kv;
    }

    public boolean draining() {
        return draining;
    }

    /**
     * Stops gracefully: health turns 503 and new requests get 503, in-flight requests (queued and running PHP
     * ones included) get up to {@code timeout} to finish, then the listeners close and PHP shuts down. A script
     * still running after the timeout does not hold the process: PHP's shutdown is given what is left of the
     * timeout and then abandoned.
     *
     * @return true when every in-flight request finished in time
     */
    public synchronized boolean shutdown(Duration timeout) {
        if (stopped) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        draining = true;
        graceful.shutdown();
        boolean drained;
        try {
            drained = graceful.awaitShutdown(Math.max(0, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            LOG.warn("shutdown timeout ({}) passed with requests still running; closing anyway", timeout);
        }
        undertow.stop();
        CompletableFuture<Void> phpClosed = CompletableFuture.runAsync(php::close);
        try {
            phpClosed.get(Math.max(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("PHP did not shut down in time; exiting without waiting for it");
            drained = false;
        }
        stopped = true;
        if (accessLog != null) {
            accessLog.close();
        }
        LOG.info("stopped{}", drained ? "" : " (not every request finished)");
        return drained;
    }

    @Override
    public void close() {
        shutdown(config.server().timeouts().shutdown());
    }
}
