package dev.ephpm.host.config;

import java.time.Duration;

/**
 * {@code [server.timeouts]}.
 *
 * @param request  from arrival to the end of the PHP response; past it the client gets 504 and PHP is stopped
 * @param header   time a client may take to send the request line and headers (slow-loris defence)
 * @param idle     a keep-alive connection without a request, or a read or write that makes no progress, is closed
 * @param shutdown on SIGTERM, how long in-flight requests may take to finish before the process exits
 */
public record Timeouts(Duration request, Duration header, Duration idle, Duration shutdown) {
    public static final Duration DEFAULT_REQUEST = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEADER = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SHUTDOWN = Duration.ofSeconds(30);

    static Timeouts read(ConfigSection s) {
        Duration day = Duration.ofDays(1);
        Duration request = s.duration("request", DEFAULT_REQUEST, Duration.ofMillis(100), day);
        Duration header = s.duration("header", DEFAULT_HEADER, Duration.ofMillis(100), Duration.ofHours(1));
        Duration idle = s.duration("idle", DEFAULT_IDLE, Duration.ofMillis(100), day);
        Duration shutdown = s.duration("shutdown", DEFAULT_SHUTDOWN, Duration.ZERO, Duration.ofHours(1));
        s.finish();
        return new Timeouts(request, header, idle, shutdown);
    }
}
