package dev.ephpm.host.cli;

import dev.ephpm.bridge.PhpStartupException;
import dev.ephpm.host.EphpmServer;
import dev.ephpm.host.config.ConfigException;
import dev.ephpm.host.config.ConfigLoader;
import dev.ephpm.host.config.EphpmConfig;
import dev.ephpm.host.logging.LoggingSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ephpm serve}: loads and validates the configuration, starts the server, and on SIGTERM or SIGINT drains
 * in-flight requests for up to {@code [server.timeouts] shutdown} and exits 0.
 *
 * <p>The signals are taken over with {@code sun.misc.Signal} rather than a shutdown hook, because a JVM that exits
 * through a hook after SIGTERM reports status 143, and process supervisors (systemd, Kubernetes) expect a drained
 * server to exit 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a PHP document root over HTTP with the embedded PHP engine.")
public final class ServeCommand implements Callable<Integer> {
    /** Exit status for a configuration that cannot be used (EX_CONFIG). */
    public static final int EXIT_CONFIG = 78;
    /** Exit status for a server that could not start (EX_UNAVAILABLE). */
    public static final int EXIT_START = 69;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: ./ephpm.toml if it exists, else built-in defaults).")
    Path config;

    @Option(names = "--check", description = "Validate the configuration and exit.")
    boolean check;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        EphpmConfig cfg;
        try {
            cfg = load();
        } catch (ConfigException e) {
            err.println("ephpm: invalid configuration:");
            e.problems().forEach(p -> err.println("  " + p));
            return EXIT_CONFIG;
        }
        if (check) {
            System.out.println("configuration OK (" + cfg.source() + ")");
            return 0;
        }
        LoggingSetup.apply(cfg.server().logging());
        Logger log = LoggerFactory.getLogger(ServeCommand.class);
        EphpmServer server;
        try {
            server = EphpmServer.start(cfg);
        } catch (ConfigException e) {
            err.println("ephpm: invalid configuration:");
            e.problems().forEach(p -> err.println("  " + p));
            LoggingSetup.stop();
            return EXIT_CONFIG;
        } catch (PhpStartupException e) {
            log.error("PHP could not start: {}", e.getMessage());
            LoggingSetup.stop();
            return EXIT_START;
        } catch (RuntimeException e) {
            log.error("the server could not start: {}", e.getMessage(), e);
            LoggingSetup.stop();
            return EXIT_START;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopping: draining in-flight requests (up to {})", cfg.server().timeouts().shutdown());
        server.shutdown(cfg.server().timeouts().shutdown());
        LoggingSetup.stop();
        return 0;
    }

    private EphpmConfig load() {
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new ConfigException(config + ": no such file");
            }
            return ConfigLoader.load(config, System.getenv());
        }
        Path local = Path.of("ephpm.toml");
        if (Files.isRegularFile(local)) {
            return ConfigLoader.load(local, System.getenv());
        }
        return ConfigLoader.defaults(Path.of("").toAbsolutePath(), System.getenv());
    }
}
