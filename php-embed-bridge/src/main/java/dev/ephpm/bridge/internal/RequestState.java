package dev.ephpm.bridge.internal;

import dev.ephpm.bridge.Header;
import dev.ephpm.bridge.PhpRequest;
import dev.ephpm.bridge.PhpResponseSink;
import dev.ephpm.bridge.PhpResult;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything about the request a PHP thread is running that the SAPI callbacks need: where output goes, the
 * headers PHP settled on, the body still to read, the errors PHP logged. Lives exactly as long as the request.
 */
final class RequestState {
    final PhpRequest request;
    private final PhpResponseSink sink;
    private final Arena arena;
    private final List<String> errors = new ArrayList<>();
    private List<Header> headers = new ArrayList<>();
    private boolean headersDelivered;
    private boolean statusLineSeen;
    private boolean statusHeaderSeen;
    private int status = 200;
    private long bodyBytes;
    private boolean sinkFailed;
    private boolean bodyDone;
    private byte[] bodyChunk;
    volatile boolean aborted;
    /** The client went away, ignore_user_abort is off, and the script has not been ended yet (see ClientAbort). */
    private boolean clientAbortPending;
    private boolean clientAbortDone;

    RequestState(PhpRequest request, PhpResponseSink sink, Arena arena) {
        this.request = request;
        this.sink = sink;
        this.arena = arena;
    }

    static RequestState current() {
        return Thread.currentThread() instanceof PhpWorker w ? w.request() : null;
    }

    // ---- output

    void write(ByteBuffer chunk) {
        if (!headersDelivered) {
            deliverHeaders();
        }
        int n = chunk.remaining();
        bodyBytes += n;
        if (sinkFailed) {
            clientGone();
            return;
        }
        try {
            sink.write(chunk);
        } catch (RuntimeException e) {
            // The client went away: output is dropped from now on, and the script ends unless it ignores that.
            sinkFailed = true;
            clientGone();
        }
    }

    /**
     * Marks the connection aborted for connection_aborted(), and unless the script ignores user aborts (checked at
     * every output, as the script may change it), asks PHP to end it at its next opcode (see {@link ClientAbort}).
     */
    private void clientGone() {
        long pg = PhpWorker.coreGlobals();
        short status = Mem.getShort(pg + Layout.PG_CONNECTION_STATUS);
        Mem.putShort(pg + Layout.PG_CONNECTION_STATUS, (short) (status | Layout.CONNECTION_ABORTED));
        if (!clientAbortDone && ClientAbort.installed() && Mem.getByte(pg + Layout.PG_IGNORE_USER_ABORT) == 0) {
            // Requested again at every output until it has happened: see ClientAbort on the shared hook.
            clientAbortPending = true;
            ClientAbort.request();
        }
    }

    /** True once, when the script is to be ended for a lost client; called by ClientAbort on the PHP thread. */
    boolean takeClientAbort() {
        if (!clientAbortPending) {
            return false;
        }
        clientAbortPending = false;
        clientAbortDone = true;
        return true;
    }

    /**
     * PHP's flush(). Before PHP has sent its headers (nothing has reached the SAPI yet: with output buffering, what
     * the script echoed is still in PHP's buffer) there is nothing to flush, as under php-fpm; committing the
     * response here would send a 200 without the script's status, headers and cookies, which PHP sends later.
     */
    void flush() {
        if (!headersDelivered) {
            return;
        }
        if (!sinkFailed) {
            try {
                sink.flush();
            } catch (RuntimeException e) {
                sinkFailed = true;
                clientGone();
            }
        } else {
            clientGone();
        }
    }

    void beginHeaders(int httpResponseCode) {
        status = httpResponseCode;
        headers = new ArrayList<>();
        statusLineSeen = false;
        statusHeaderSeen = false;
    }

    void headerLine(String line) {
        if (!statusLineSeen) {
            statusLineSeen = true;
            if (line.startsWith("HTTP/")) {
                return; // the status line PHP synthesises; the code came with send_headers
            }
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Status")) {
            // The CGI convention php-fpm honours (header('Status: 404 Not Found')): the first one sets the status,
            // over http_response_code() and the 302 a Location header implies, as php-fpm's send_headers writes it
            // instead of its own; it is never sent as a header.
            if (!statusHeaderSeen) {
                statusHeaderSeen = true;
                int code = statusCode(value);
                if (code > 0) {
                    status = code;
                }
            }
            return;
        }
        headers.add(new Header(name, value));
    }

    /** The code at the start of a Status header's value ("404 Not Found"), or 0 when there is none. */
    private static int statusCode(String value) {
        if (value.length() < 3 || (value.length() > 3 && value.charAt(3) != ' ')) {
            return 0;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            code = code * 10 + (c - '0');
        }
        return code >= 100 && code <= 599 ? code : 0;
    }

    void endHeaders() {
        deliverHeaders();
    }

    private void deliverHeaders() {
        if (headersDelivered) {
            return;
        }
        headersDelivered = true;
        try {
            sink.headers(status, List.copyOf(headers));
        } catch (RuntimeException e) {
            sinkFailed = true;
        }
    }

    // ---- input

    /**
     * At request shutdown PHP drains whatever body the script left unread (a FastCGI necessity). Here the body
     * belongs to the caller, who discards it cheaper, or keeps the connection's framing itself.
     */
    void stopReadingBody() {
        bodyDone = true;
    }

    long readBody(long buffer, long count) {
        InputStream in = request.body();
        if (in == null || bodyDone || count <= 0) {
            return 0;
        }
        int want = (int) Math.min(count, 64 * 1024);
        if (bodyChunk == null || bodyChunk.length < want) {
            bodyChunk = new byte[Math.max(want, 8192)];
        }
        try {
            int n = in.read(bodyChunk, 0, want);
            if (n <= 0) {
                bodyDone = true;
                return 0;
            }
            Mem.copy(bodyChunk, 0, buffer, n);
            return n;
        } catch (IOException e) {
            bodyDone = true;
            errors.add("ephpm: reading the request body failed: " + e.getMessage());
            return 0;
        }
    }

    /** The Cookie headers joined as one C string in request memory, or 0. */
    long cookieData() {
        StringBuilder sb = null;
        for (Header h : request.headers()) {
            if (h.name().equalsIgnoreCase("Cookie")) {
                if (sb == null) {
                    sb = new StringBuilder(h.value());
                } else {
                    sb.append("; ").append(h.value());
                }
            }
        }
        return sb == null ? 0 : cString(sb.toString(), true);
    }

    /**
     * {@code $_SERVER} entries: the caller's variables in order, then {@code HTTP_*} for headers not given, then
     * what the request line implies if the caller left it out.
     */
    List<Map.Entry<String, byte[]>> serverVariables() {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        Map<String, String> given = request.serverVariables();
        for (Map.Entry<String, String> e : given.entrySet()) {
            out.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        java.util.LinkedHashMap<String, String> fromHeaders = new java.util.LinkedHashMap<>();
        for (Header h : request.headers()) {
            String key = cgiName(h.name());
            if (key.equals("HTTP_CONTENT_TYPE") || key.equals("HTTP_CONTENT_LENGTH")) {
                continue; // CGI passes these as CONTENT_TYPE / CONTENT_LENGTH
            }
            String sep = key.equals("HTTP_COOKIE") ? "; " : ", ";
            fromHeaders.merge(key, h.value(), (a, b) -> a + sep + b);
        }
        fromHeaders.forEach((k, v) -> {
            if (!given.containsKey(k)) {
                out.add(new AbstractMap.SimpleImmutableEntry<>(k, v.getBytes(StandardCharsets.ISO_8859_1)));
            }
        });
        addIfAbsent(out, given, "REQUEST_METHOD", request.method());
        addIfAbsent(out, given, "REQUEST_URI", request.uri());
        addIfAbsent(out, given, "QUERY_STRING", request.queryString());
        addIfAbsent(out, given, "SERVER_PROTOCOL", request.protocol());
        if (request.contentType() != null) {
            addIfAbsent(out, given, "CONTENT_TYPE", request.contentType());
        }
        if (request.contentLength() >= 0 && request.body() != null) {
            addIfAbsent(out, given, "CONTENT_LENGTH", Long.toString(request.contentLength()));
        }
        return out;
    }

    private static void addIfAbsent(List<Map.Entry<String, byte[]>> out, Map<String, String> given, String k, String v) {
        if (!given.containsKey(k) && v != null) {
            out.add(new AbstractMap.SimpleImmutableEntry<>(k, v.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String cgiName(String header) {
        return "HTTP_" + header.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** A NUL-terminated copy in this request's native memory. */
    long cString(String s, boolean latin1) {
        MemorySegment seg = arena.allocateFrom(s, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        return seg.address();
    }

    Arena arena() {
        return arena;
    }

    void logged(String message) {
        errors.add(message);
    }

    boolean loggedTimeout() {
        for (String e : errors) {
            if (e.contains("Maximum execution time of")) {
                return true;
            }
        }
        return false;
    }

    int status() {
        return status;
    }

    boolean headersDelivered() {
        return headersDelivered;
    }

    PhpResult result(int exitStatus, boolean timedOut) {
        if (!headersDelivered) {
            deliverHeaders();
        }
        return new PhpResult(status, headers, exitStatus, errors, bodyBytes, timedOut);
    }
}
