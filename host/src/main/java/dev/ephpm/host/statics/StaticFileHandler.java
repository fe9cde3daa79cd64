package dev.ephpm.host.statics;

import dev.ephpm.host.config.StaticFilesConfig;
import dev.ephpm.host.http.HandlerKind;
import dev.ephpm.host.http.StatusPages;
import dev.ephpm.host.routing.Resolution;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ByteRange;
import io.undertow.util.DateUtils;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * Sends a file the front controller resolved: Content-Type, Last-Modified, ETag, 304 for If-None-Match and
 * If-Modified-Since, 206 for a single Range (several ranges get the whole file, which RFC 9110 allows), 416 for
 * an unsatisfiable one.
 *
 * <p>Small files (the usual CSS, JS, icons) are read and sent on the I/O thread: they are in the page cache and a
 * hand-off to a worker thread would cost more than the read. Larger files are streamed from a worker thread with
 * {@code transferTo} (sendfile on plain HTTP), a bounded chunk at a time, so no file is ever held in memory and a
 * slow reader only stalls that worker until the idle timeout.
 */
public final class StaticFileHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StaticFileHandler.class);
    /** Up to this size a file is sent from memory on the I/O thread. */
    static final int SMALL_FILE = 64 * 1024;

    private final boolean etags;
    private final String cacheControl;
    private final long writeTimeoutMillis;

    public StaticFileHandler(StaticFilesConfig config, Duration writeTimeout) {
        this.etags = config.etag();
        this.cacheControl = config.cacheControl().isEmpty() ? null : config.cacheControl();
        this.writeTimeoutMillis = writeTimeout.toMillis();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.putAttachment(HandlerKind.KEY, HandlerKind.STATIC);
        Resolution.StaticFile target = exchange.getAttachment(Resolution.StaticFile.KEY);
        boolean head = exchange.getRequestMethod().equals(Methods.HEAD);
        if (!head && !exchange.getRequestMethod().equals(Methods.GET)) {
            StatusPages.send(exchange, 405, null, "Allow", "GET, HEAD");
            return;
        }
        Path file = target.file().path();
        BasicFileAttributes attrs = target.file().attributes();
        long size = attrs.size();
        long modifiedSeconds = attrs.lastModifiedTime().to(TimeUnit.SECONDS);
        Date lastModified = new Date(modifiedSeconds * 1000);
        // nginx's format: hex seconds and hex size; cheap, and stable across restarts and servers
        String etag = etags ? "\"" + Long.toHexString(modifiedSeconds) + "-" + Long.toHexString(size) + "\"" : null;

        HeaderMap response = exchange.getResponseHeaders();
        response.put(Headers.CONTENT_TYPE, MediaTypes.forFileName(file.getFileName().toString()));
        response.put(Headers.LAST_MODIFIED, DateUtils.toDateString(lastModified));
        if (etag != null) {
            response.put(Headers.ETAG, etag);
        }
        if (cacheControl != null) {
            response.put(Headers.CACHE_CONTROL, cacheControl);
        }
        response.put(Headers.ACCEPT_RANGES, "bytes");

        HeaderMap request = exchange.getRequestHeaders();
        String ifNoneMatch = request.getFirst(Headers.IF_NONE_MATCH);
        boolean notModified = ifNoneMatch != null
                ? etag != null && matchesWeakly(ifNoneMatch, etag)
                : !DateUtils.handleIfModifiedSince(exchange, lastModified);
        if (notModified) {
            response.remove(Headers.CONTENT_TYPE);
            exchange.setStatusCode(304);
            exchange.endExchange();
            return;
        }

        long start = 0;
        long length = size;
        String range = request.getFirst(Headers.RANGE);
        if (range != null && ifRangeHolds(request.getFirst(Headers.IF_RANGE), etag, lastModified)) {
            ByteRange parsed = ByteRange.parse(range);
            if (parsed != null && parsed.getRanges() == 1) {
                ByteRange.RangeResponseResult result = parsed.getResponseResult(size, null, lastModified, etag);
                if (result != null) {
                    // a range that selects no byte ("bytes=-0") is unsatisfiable too (RFC 9110 14.1.2); Undertow
                    // answered it as a 206 with "bytes 8893-8892/8893"
                    if (result.getStatusCode() == 416 || result.getContentLength() <= 0) {
                        StatusPages.send(exchange, 416, null, "Content-Range", "bytes */" + size);
                        return;
                    }
                    exchange.setStatusCode(206);
                    response.put(Headers.CONTENT_RANGE, result.getContentRange());
                    start = result.getStart();
                    length = result.getContentLength();
                }
            }
        }
        exchange.setResponseContentLength(length);
        if (head || length == 0) {
            exchange.endExchange();
            return;
        }
        if (length <= SMALL_FILE) {
            sendSmall(exchange, file, start, (int) length);
        } else {
            long from = start;
            long count = length;
            exchange.dispatch(() -> stream(exchange, file, from, count));
        }
    }

    private void sendSmall(HttpServerExchange exchange, Path file, long start, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, start + buffer.position()) < 0) {
                    break; // the file shrank since we looked: send what there is, the length check ends it
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
            StatusPages.send(exchange, 500);
            return;
        }
        if (buffer.hasRemaining()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        buffer.flip();
        exchange.getResponseSender().send(buffer);
    }

    /** On a worker thread: sendfile the range in bounded steps, waiting for the socket with the write timeout. */
    private void stream(HttpServerExchange exchange, Path file, long start, long count) {
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            StreamSinkChannel sink = exchange.getResponseChannel();
            long position = start;
            long remaining = count;
            while (remaining > 0) {
                long n = sink.transferFrom(source, position, Math.min(remaining, 1 << 20));
                if (n > 0) {
                    position += n;
                    remaining -= n;
                } else if (position >= source.size()) {
                    throw new IOException(file + " shrank while being sent");
                } else {
                    sink.awaitWritable(writeTimeoutMillis, TimeUnit.MILLISECONDS);
                    if (!sink.isOpen()) {
                        throw new IOException("connection closed");
                    }
                }
            }
            sink.shutdownWrites();
            while (!sink.flush()) {
                sink.awaitWritable(writeTimeoutMillis, TimeUnit.MILLISECONDS);
            }
            exchange.endExchange();
        } catch (IOException | RuntimeException e) {
            LOG.debug("sending {} stopped: {}", file, e.toString());
            IoUtils.safeClose(exchange.getConnection());
            exchange.endExchange();
        }
    }

    /** RFC 9110 weak comparison, used by If-None-Match. */
    static boolean matchesWeakly(String header, String etag) {
        String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /** If-Range: the range applies only if the validator is current (strong comparison for ETags). */
    private static boolean ifRangeHolds(String ifRange, String etag, Date lastModified) {
        if (ifRange == null || ifRange.isBlank()) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return etag != null && v.equals(etag);
        }
        Date date = DateUtils.parseDate(v);
        return date != null && date.getTime() >= lastModified.getTime();
    }
}
