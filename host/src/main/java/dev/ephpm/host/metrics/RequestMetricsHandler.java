package dev.ephpm.host.metrics;

import dev.ephpm.host.http.HandlerKind;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Counts every request by status and handler, and its latency, when its response has been sent. */
public final class RequestMetricsHandler implements HttpHandler {
    private final HttpHandler next;
    private final ServerMetrics metrics;

    public RequestMetricsHandler(HttpHandler next, ServerMetrics metrics) {
        this.next = next;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = exchange.getRequestStartTime() > 0 ? exchange.getRequestStartTime() : System.nanoTime();
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                metrics.record(HandlerKind.of(ex), ex.getStatusCode(), System.nanoTime() - start);
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }
}
