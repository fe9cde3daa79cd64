package dev.ephpm.host.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.ephpm.host.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from {@code [server.logging]} in code, so the TOML file is the only configuration a user
 * edits. Server logs go to stderr (text or JSON lines). The access log does not go through Logback: it has its own
 * batching writer ({@link AccessLogWriter}), because it is written once per request.
 */
public final class LoggingSetup {
    /** The logger PHP's own messages (warnings, fatals) are written to. */
    public static final String PHP_LOGGER = "php";

    private LoggingSetup() {
    }

    public static void apply(LoggingConfig config) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("server");
        console.setTarget("System.err");
        console.setEncoder(config.format().equals("json") ? json(context)
                : pattern(context, "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n"));
        console.start();

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(config.level(), Level.INFO));
        root.addAppender(console);
        // XNIO and JBoss Threads announce their versions at INFO; Undertow logs every broken client at DEBUG
        context.getLogger("org.xnio").setLevel(Level.WARN);
        context.getLogger("org.jboss").setLevel(Level.WARN);
        context.getLogger("io.undertow").setLevel(Level.WARN);

    }

    /** Flushes and stops every appender; call last before the process exits. */
    public static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    private static Encoder<ILoggingEvent> pattern(LoggerContext context, String pattern) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern(pattern);
        e.start();
        return e;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder e = new JsonEncoder();
        e.setContext(context);
        e.setWithSequenceNumber(false);
        e.setWithContext(false);
        e.start();
        return e;
    }
}
