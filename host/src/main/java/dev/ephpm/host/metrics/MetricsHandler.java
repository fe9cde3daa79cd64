package dev.ephpm.host.metrics;

import dev.ephpm.host.http.HandlerKind;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Serves the Prometheus text format at the configured path, without involving PHP. */
public final class MetricsHandler implements HttpHandler {
    private final HttpHandler next;
    private final String path;
    private final ServerMetrics metrics;

    public MetricsHandler(HttpHandler next, String path, ServerMetrics metrics) {
        this.next = next;
        this.path = path;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.getRequestPath().equals(path)) {
            next.handleRequest(exchange);
            return;
        }
        exchange.putAttachment(HandlerKind.KEY, HandlerKind.INTERNAL);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.writeTo(out);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, metrics.contentType());
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(ByteBuffer.wrap(out.toByteArray()));
    }
}
