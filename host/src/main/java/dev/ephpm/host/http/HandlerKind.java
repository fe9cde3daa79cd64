package dev.ephpm.host.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/** What answered a request, for the metrics' {@code handler} label. */
public enum HandlerKind {
    /** A file served from the document root. */
    STATIC,
    /** A PHP script run by the engine. */
    PHP,
    /** ePHPm's own endpoints: health and metrics. */
    INTERNAL,
    /** Refused or redirected before any file or script: bad paths, limits, redirects, 404s. */
    OTHER;

    public static final AttachmentKey<HandlerKind> KEY = AttachmentKey.create(HandlerKind.class);

    public final String label = name().toLowerCase(java.util.Locale.ROOT);

    public static HandlerKind of(HttpServerExchange exchange) {
        HandlerKind k = exchange.getAttachment(KEY);
        return k == null ? OTHER : k;
    }
}
