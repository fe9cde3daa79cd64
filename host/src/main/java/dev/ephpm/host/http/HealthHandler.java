package dev.ephpm.host.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /_ephpm/health}: 200 with a small JSON status while serving, 503 once draining for shutdown, so a
 * load balancer stops sending traffic before the process goes away. Never reaches PHP: it must answer even when
 * every PHP thread is busy.
 */
public final class HealthHandler implements HttpHandler {
    public static final String PATH = "/_ephpm/health";

    private final HttpHandler next;
    private final BooleanSupplier draining;
    private final Supplier<String> details;

    /**
     * @param details JSON members (without braces) added to the body, e.g. PHP thread and queue figures
     */
    public HealthHandler(HttpHandler next, BooleanSupplier draining, Supplier<String> details) {
        this.next = next;
        this.draining = draining;
        this.details = details;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.getRequestPath().equals(PATH)) {
            next.handleRequest(exchange);
            return;
        }
        exchange.putAttachment(HandlerKind.KEY, HandlerKind.INTERNAL);
        boolean isDraining = draining.getAsBoolean();
        exchange.setStatusCode(isDraining ? 503 : 200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        String extra = details.get();
        exchange.getResponseSender().send("{\"status\":\"" + (isDraining ? "draining" : "ok") + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}\n");
    }
}
