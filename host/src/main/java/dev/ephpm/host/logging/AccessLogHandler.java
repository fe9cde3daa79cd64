package dev.ephpm.host.logging;

import dev.ephpm.host.http.AddressText;
import dev.ephpm.host.http.HandlerKind;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Logs one access-log line per request when its response is complete: nginx's "combined" format (which every
 * log tool parses), or one JSON object with the duration and the handler. Client-supplied text is escaped, so a
 * crafted User-Agent cannot forge log lines.
 */
public final class AccessLogHandler implements HttpHandler {
    private static final DateTimeFormatter COMBINED_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);
    private static final ZoneId ZONE = ZoneId.systemDefault();

    private final HttpHandler next;
    private final AccessLogWriter writer;

    /** What one line needs, captured when the response completes; formatted later on the writer's thread. */
    record Entry(long epochMillis, InetSocketAddress remote, String method, String path, String query, String protocol,
                 int status, long bytes, long nanos, HandlerKind handler, String referer, String userAgent) {
    }

    public AccessLogHandler(HttpHandler next, AccessLogWriter writer) {
        this.next = next;
        this.writer = writer;
    }

    /** The line formatter for {@link AccessLogWriter#open}: "combined" or "json". */
    public static java.util.function.Function<Object, String> formatter(String format) {
        return format.equals("json") ? e -> json((Entry) e) : new Combined();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = exchange.getRequestStartTime() > 0 ? exchange.getRequestStartTime() : System.nanoTime();
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                writer.log(new Entry(System.currentTimeMillis(), ex.getSourceAddress(), ex.getRequestMethod().toString(),
                        ex.getRequestURI(), ex.getQueryString(), ex.getProtocol().toString(), ex.getStatusCode(),
                        ex.getResponseBytesSent(), System.nanoTime() - start, HandlerKind.of(ex),
                        ex.getRequestHeaders().getFirst(Headers.REFERER),
                        ex.getRequestHeaders().getFirst(Headers.USER_AGENT)));
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }

    /** nginx's "combined"; the formatted second is cached, as lines arrive in bursts within the same second. */
    private static final class Combined implements java.util.function.Function<Object, String> {
        private long second = -1;
        private String time = "";

        @Override
        public String apply(Object o) {
            Entry e = (Entry) o;
            long s = e.epochMillis() / 1000;
            if (s != second) {
                second = s;
                time = COMBINED_TIME.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(s), ZONE));
            }
            StringBuilder sb = new StringBuilder(160);
            sb.append(remote(e.remote())).append(" - - [").append(time).append("] \"");
            escape(sb, e.method());
            sb.append(' ');
            escape(sb, target(e));
            sb.append(' ').append(e.protocol()).append("\" ").append(e.status()).append(' ').append(e.bytes()).append(" \"");
            escape(sb, orDash(e.referer()));
            sb.append("\" \"");
            escape(sb, orDash(e.userAgent()));
            return sb.append('"').toString();
        }
    }

    private static String json(Entry e) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"time\":\"").append(Instant.ofEpochMilli(e.epochMillis())).append("\",\"remote\":\"")
                .append(remote(e.remote())).append("\",\"method\":\"");
        escape(sb, e.method());
        sb.append("\",\"uri\":\"");
        escape(sb, target(e));
        sb.append("\",\"protocol\":\"").append(e.protocol()).append("\",\"status\":").append(e.status())
                .append(",\"bytes\":").append(e.bytes())
                .append(",\"duration_ms\":").append(String.format(Locale.ROOT, "%.3f", e.nanos() / 1e6))
                .append(",\"handler\":\"").append(e.handler().label).append("\",\"referer\":\"");
        escape(sb, e.referer() == null ? "" : e.referer());
        sb.append("\",\"user_agent\":\"");
        escape(sb, e.userAgent() == null ? "" : e.userAgent());
        return sb.append("\"}").toString();
    }

    private static String target(Entry e) {
        return e.query().isEmpty() ? e.path() : e.path() + "?" + e.query();
    }

    private static String remote(InetSocketAddress a) {
        return a == null ? "-" : AddressText.of(a);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Escapes quotes, backslashes and control bytes as JSON-style unicode escapes: unambiguous in both formats. */
    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
    }
}
