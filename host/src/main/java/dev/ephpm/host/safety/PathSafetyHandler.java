package dev.ephpm.host.safety;

import dev.ephpm.host.http.StatusPages;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the request path once ({@link RequestPath}) and refuses what must never reach the file system: invalid
 * encodings, NUL and control bytes, backslashes, {@code ..} in any spelling (400), and hidden files such as
 * {@code .env} and {@code .git/} (404, so their existence is not confirmed). Everything after this handler works
 * on the decoded path only.
 */
public final class PathSafetyHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PathSafetyHandler.class);

    private final HttpHandler next;
    private final boolean denyHidden;

    public PathSafetyHandler(HttpHandler next, boolean denyHidden) {
        this.next = next;
        this.denyHidden = denyHidden;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String raw = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            // absolute-form request target (http://host/path): keep the path only
            int scheme = raw.indexOf("://");
            int slash = scheme < 0 ? -1 : raw.indexOf('/', scheme + 3);
            raw = slash < 0 ? "/" : raw.substring(slash);
        }
        RequestPath.Parsed parsed = RequestPath.parse(raw);
        if (parsed.rejection() != null) {
            LOG.debug("refused {} from {}: {}", raw, exchange.getSourceAddress(), parsed.rejection().reason());
            StatusPages.send(exchange, parsed.rejection().status());
            return;
        }
        RequestPath path = parsed.path();
        if (denyHidden && path.hiddenSegment() != null) {
            LOG.debug("refused hidden path {} from {}", raw, exchange.getSourceAddress());
            StatusPages.send(exchange, 404);
            return;
        }
        exchange.putAttachment(RequestPath.KEY, path);
        next.handleRequest(exchange);
    }
}
