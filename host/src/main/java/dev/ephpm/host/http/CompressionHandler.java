package dev.ephpm.host.http;

import dev.ephpm.host.config.CompressionConfig;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.xnio.conduits.StreamSinkConduit;

import java.util.Locale;

/**
 * gzip for responses that compress well. The decision is made when the response starts, not when the request
 * arrives, because only then are its Content-Type, length and status known (a PHP script sets them as it runs).
 * Compressed responses carry {@code Vary: Accept-Encoding} and a weak ETag, as nginx's gzip module does: the bytes
 * differ from the file's, so a strong validator would be a lie. Ranges (206) are never compressed.
 */
public final class CompressionHandler implements HttpHandler {
    private final HttpHandler next;
    private final CompressionConfig config;
    private final GzipEncodingProvider gzip;

    public CompressionHandler(HttpHandler next, CompressionConfig config) {
        this.next = next;
        this.config = config;
        this.gzip = new GzipEncodingProvider(config.level());
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        boolean accepts = acceptsGzip(exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING));
        exchange.addResponseWrapper(new Wrapper(accepts));
        next.handleRequest(exchange);
    }

    private final class Wrapper implements ConduitWrapper<StreamSinkConduit> {
        private final boolean accepts;

        Wrapper(boolean accepts) {
            this.accepts = accepts;
        }

        @Override
        public StreamSinkConduit wrap(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
            HeaderMap headers = exchange.getResponseHeaders();
            int status = exchange.getStatusCode();
            if (status < 200 || status == 204 || status == 206 || status == 304
                    || headers.contains(Headers.CONTENT_ENCODING) || headers.contains(Headers.CONTENT_RANGE)
                    || !config.compressible(headers.getFirst(Headers.CONTENT_TYPE))) {
                return factory.create();
            }
            long length = exchange.getResponseContentLength();
            if (length >= 0 && length < config.minSize().bytes()) {
                return factory.create();
            }
            addVary(headers);
            if (!accepts) {
                return factory.create();
            }
            headers.put(Headers.CONTENT_ENCODING, "gzip");
            String etag = headers.getFirst(Headers.ETAG);
            if (etag != null && !etag.startsWith("W/")) {
                headers.put(Headers.ETAG, "W/" + etag);
            }
            if (exchange.getRequestMethod().equals(Methods.HEAD)) {
                headers.remove(Headers.CONTENT_LENGTH);
                return factory.create();
            }
            return gzip.getResponseWrapper().wrap(factory, exchange);
        }
    }

    private static void addVary(HeaderMap headers) {
        HeaderValues vary = headers.get(Headers.VARY);
        if (vary != null) {
            for (String v : vary) {
                if (v.toLowerCase(Locale.ROOT).contains("accept-encoding") || v.contains("*")) {
                    return;
                }
            }
        }
        headers.add(Headers.VARY, "Accept-Encoding");
    }

    /** True when gzip is acceptable: listed (or "*") with a non-zero q-value. */
    static boolean acceptsGzip(HeaderValues values) {
        if (values == null) {
            return false;
        }
        boolean star = false;
        Boolean gzip = null;
        for (String value : values) {
            for (String item : value.split(",")) {
                String[] parts = item.trim().split(";");
                String coding = parts[0].trim().toLowerCase(Locale.ROOT);
                double q = 1.0;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    if (p.startsWith("q=") || p.startsWith("Q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (coding.equals("gzip") || coding.equals("x-gzip")) {
                    gzip = q > 0;
                } else if (coding.equals("*")) {
                    star = q > 0;
                }
            }
        }
        return gzip != null ? gzip : star;
    }
}
