package dev.ephpm.host.php;

import dev.ephpm.bridge.PhpRequest;
import dev.ephpm.bridge.PhpResult;
import dev.ephpm.bridge.PhpRuntime;
import dev.ephpm.host.config.RequestLimits;
import dev.ephpm.host.http.HandlerKind;
import dev.ephpm.host.metrics.ServerMetrics;
import dev.ephpm.host.routing.Resolution;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Runs the PHP script the front controller resolved. On the I/O thread it receives the body completely (never
 * holding a PHP thread for a slow uploader), builds the CGI environment and queues the request; the PHP thread
 * then answers the client itself ({@link PhpExchange}). A full queue answers 503 with Retry-After at once.
 */
public final class PhpHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger("php.requests");
    /** Output up to this size is sent in one write when the script ends; beyond it the response streams. */
    static final int RESPONSE_BUFFER = 64 * 1024;

    private final PhpRuntime runtime;
    private final CgiEnvironment cgi;
    private final int bodyMemoryLimit;
    private final long maxBody;
    private final long timeoutMillis;
    private final long retryAfterSeconds;
    private final PhpExchange.PhpDispatchListener listener;

    public PhpHandler(PhpRuntime runtime, CgiEnvironment cgi, RequestLimits limits, Duration requestTimeout,
                      Duration retryAfter, ServerMetrics metrics) {
        this.runtime = runtime;
        this.cgi = cgi;
        this.bodyMemoryLimit = (int) limits.bodyBufferSize().bytes();
        this.maxBody = limits.maxBodySize().bytes();
        this.timeoutMillis = requestTimeout.toMillis();
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
        this.listener = new PhpExchange.PhpDispatchListener() {
            @Override
            public void rejected() {
                metrics.phpRejected();
            }

            @Override
            public void timedOut() {
                metrics.phpTimedOut();
            }

            @Override
            public void failed(HttpServerExchange exchange, PhpResult result, Throwable failure) {
                String what = exchange.getRequestMethod() + " " + CgiEnvironment.requestUri(exchange);
                if (failure != null) {
                    LOG.error("{}: PHP did not run the request: {}", what, failure.toString());
                } else if (result.timedOut()) {
                    LOG.warn("{}: stopped after its time limit", what);
                } else {
                    String first = result.errors().isEmpty() ? "no message" : result.errors().getLast();
                    LOG.error("{}: PHP answered {} (exit {}): {}", what, result.status(), result.exitStatus(), first);
                }
            }
        };
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.putAttachment(HandlerKind.KEY, HandlerKind.PHP);
        Instant arrived = Instant.now();
        if (exchange.isRequestComplete()) {
            dispatch(exchange, RequestBody.EMPTY, arrived);
        } else {
            RequestBody.receive(exchange, bodyMemoryLimit, maxBody, (ex, body) -> dispatch(ex, body, arrived));
        }
    }

    private void dispatch(HttpServerExchange exchange, RequestBody body, Instant arrived) {
        Resolution.PhpScript script = exchange.getAttachment(Resolution.PhpScript.KEY);
        String requestUri = CgiEnvironment.requestUri(exchange);
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        PhpRequest.Builder request = PhpRequest.script(script.file())
                .method(exchange.getRequestMethod().toString())
                .uri(requestUri)
                .queryString(script.queryString())
                .protocol(exchange.getProtocol().toString())
                .headers(cgi.headers(exchange))
                .requestTime(arrived.getEpochSecond() + arrived.getNano() / 1e9);
        cgi.addVariables(request, exchange, script, requestUri, body, contentType);
        if (contentType != null) {
            request.contentType(contentType);
        }
        if (body.length() > 0) {
            request.body(body.open(), body.length());
        }
        PhpExchange php = new PhpExchange(exchange, body, RESPONSE_BUFFER, listener);
        PhpRequest built = request.build();
        // The exchange stays open after the handler returns; the PHP thread ends it.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> php.start(runtime, built, timeoutMillis, retryAfterSeconds));
    }
}
