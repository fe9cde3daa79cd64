package dev.ephpm.host.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import org.xnio.IoUtils;

/**
 * The plain-text bodies of responses ePHPm makes itself (404, 413, 503, 504, ...). Short and uniform, and never an
 * HTML page that could echo request input back.
 */
public final class StatusPages {
    private StatusPages() {
    }

    /** Sends {@code status} with a one-line body and ends the exchange. Works on any thread, never blocks. */
    public static void send(HttpServerExchange exchange, int status) {
        send(exchange, status, null);
    }

    /** As {@link #send(HttpServerExchange, int)}, with a detail line after the status line. */
    public static void send(HttpServerExchange exchange, int status, String detail) {
        send(exchange, status, detail, null, null);
    }

    /** As {@link #send(HttpServerExchange, int, String)}, with one extra response header (e.g. Retry-After). */
    public static void send(HttpServerExchange exchange, int status, String detail, String header, String value) {
        if (exchange.isResponseStarted()) {
            // Too late for a status: cut the connection so the client sees the response is incomplete.
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().clear();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        if (header != null) {
            exchange.getResponseHeaders().put(new io.undertow.util.HttpString(header), value);
        }
        String body = status + " " + StatusCodes.getReason(status) + "\n" + (detail == null ? "" : detail + "\n");
        exchange.getResponseSender().send(body);
    }
}
