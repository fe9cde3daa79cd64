package dev.ephpm.host.http;

import dev.ephpm.host.config.RequestLimits;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * Enforces {@code [server.request]}: 431 for too many or too large headers, 400 for control characters in a header
 * value, 413 for a declared body over the
 * limit (answered before a byte of it is read), and the same limit on chunked bodies while they are read.
 *
 * <p>Undertow's own parser limits are set higher (see {@code EphpmServer}) and answer 400 and close: they only
 * bound the memory an absurd request can take. The configured limits, which real clients hit, answer 431 here.
 */
public final class RequestLimitsHandler implements HttpHandler {
    /** How much of an oversized body is read and discarded to deliver the 413 cleanly. */
    public static final long LINGER_LIMIT = 64L << 20;

    private final HttpHandler next;
    private final long maxBody;
    private final long maxHeaderBytes;
    private final int maxHeaders;

    public RequestLimitsHandler(HttpHandler next, RequestLimits limits) {
        this.next = next;
        this.maxBody = limits.maxBodySize().bytes();
        this.maxHeaderBytes = limits.maxHeaderSize().bytes();
        this.maxHeaders = limits.maxHeaders();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        var headers = exchange.getRequestHeaders();
        if (headers.size() > maxHeaders) {
            StatusPages.send(exchange, 431, "more than " + maxHeaders + " header lines");
            return;
        }
        long size = exchange.getRequestURI().length() + exchange.getQueryString().length() + 16;
        for (HeaderValues values : headers) {
            int nameLength = values.getHeaderName().length();
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                size += nameLength + value.length() + 4;
                if (hasControlCharacter(value)) {
                    // RFC 9110 5.5: NUL, CR and LF in a field value must be rejected (or replaced); we reject
                    exchange.setPersistent(false);
                    StatusPages.send(exchange, 400, "control character in a header value");
                    return;
                }
            }
        }
        if (size > maxHeaderBytes) {
            StatusPages.send(exchange, 431, "headers larger than " + maxHeaderBytes + " bytes");
            return;
        }
        String framing = framingProblem(headers);
        if (framing != null) {
            // Request smuggling lives in the gap between how a proxy in front and this server read a request's
            // framing or target: anything ambiguous is refused, and the connection closed.
            exchange.setPersistent(false);
            StatusPages.send(exchange, framing.startsWith("Transfer-Encoding ") ? 501 : 400, framing);
            return;
        }
        long declared = declaredLength(headers.get(Headers.CONTENT_LENGTH));
        if (declared == MALFORMED) {
            exchange.setPersistent(false);
            StatusPages.send(exchange, 400, "malformed Content-Length");
            return;
        }
        if (declared > maxBody) {
            // The client may already be sending the body. Closing with unread bytes makes the kernel send a
            // reset, which can destroy the 413 before the client reads it; so, like nginx's lingering close, a
            // moderately oversized body is read and discarded after the answer, and only then is the
            // connection closed. An absurd declared size is closed at once.
            exchange.setPersistent(false);
            if (declared <= maxBody + LINGER_LIMIT) {
                exchange.setMaxEntitySize(declared);
            }
            StatusPages.send(exchange, 413, "the body may be at most " + maxBody + " bytes");
            return;
        }
        // a chunked body may run past the limit by LINGER_LIMIT: the PHP handler reads it to its end and answers
        // 413 then (RequestBody); a declared length is exact, so the limit itself applies
        exchange.setMaxEntitySize(declared >= 0 ? maxBody : maxBody + LINGER_LIMIT);
        next.handleRequest(exchange);
    }

    private static final long MALFORMED = -2;

    /**
     * What makes the request's framing or target ambiguous, or null: a Transfer-Encoding other than exactly
     * "chunked" (Undertow read "xchunked" and "gzip, chunked" as chunked, a proxy may not), both Transfer-Encoding
     * and Content-Length, or a Host that is not a host (such as "&lt;script&gt;:abc", which became SERVER_NAME).
     */
    private static String framingProblem(HeaderMap headers) {
        HeaderValues te = headers.get(Headers.TRANSFER_ENCODING);
        if (te != null && !te.isEmpty()) {
            if (te.size() != 1 || !te.getFirst().trim().equalsIgnoreCase("chunked")) {
                return "Transfer-Encoding other than chunked is not supported";
            }
            if (headers.contains(Headers.CONTENT_LENGTH)) {
                return "both Transfer-Encoding and Content-Length";
            }
        }
        HeaderValues host = headers.get(Headers.HOST);
        if (host != null && (host.size() != 1 || !isHost(host.getFirst()))) {
            return "malformed Host";
        }
        return null;
    }

    /**
     * The body length the request declares: -1 when it declares none, {@link #MALFORMED} when Content-Length is not
     * a decimal number or is given twice with different values (RFC 9112 6.3: a request to reject, not to guess
     * at), and Long.MAX_VALUE for digits past what a long holds (a size to refuse with 413, not a parse error).
     */
    private static long declaredLength(HeaderValues values) {
        if (values == null || values.isEmpty()) {
            return -1;
        }
        String first = values.getFirst().trim();
        for (int i = 1; i < values.size(); i++) {
            if (!values.get(i).trim().equals(first)) {
                return MALFORMED;
            }
        }
        if (first.isEmpty()) {
            return MALFORMED;
        }
        long n = 0;
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            if (c < '0' || c > '9') {
                return MALFORMED;
            }
            if (n > (Long.MAX_VALUE - 9) / 10) {
                n = Long.MAX_VALUE;
            } else {
                n = n * 10 + (c - '0');
            }
        }
        return n;
    }

    /**
     * RFC 9110 7.2: uri-host (a reg-name, an IPv4 address or an [IP-literal]) and an optional port. Scanned by
     * hand: it runs on every request, where a regex cost a measurable share of a static file's.
     */
    static boolean isHost(String h) {
        int n = h.length();
        int i = 0;
        if (n > 0 && h.charAt(0) == '[') {
            int close = h.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (i = 1; i < close; i++) {
                char c = h.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            for (; i < n && h.charAt(i) != ':'; i++) {
                char c = h.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || "-._~!$&'()*+,;=%".indexOf(c) >= 0)) {
                    return false;
                }
            }
        }
        if (i == n) {
            return true;
        }
        if (h.charAt(i) != ':') {
            return false;
        }
        for (i++; i < n; i++) {
            if (h.charAt(i) < '0' || h.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
