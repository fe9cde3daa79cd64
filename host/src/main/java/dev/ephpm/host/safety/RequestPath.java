package dev.ephpm.host.safety;

import io.undertow.util.AttachmentKey;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path decoded exactly once and reduced to plain segments: what every later handler uses to find files.
 * Decoding once matters: a path is checked in the form that will be used, so {@code %2e%2e} cannot pass the check
 * as text and act as {@code ..} later, and {@code %252e} stays the literal name {@code %2e}.
 *
 * @param raw      the path as sent, percent-encoding intact (without the query)
 * @param decoded  the decoded path: starts with "/", segments joined by single slashes, no "." segments, and a
 *                 trailing "/" when the request had one
 * @param segments the decoded segments
 */
public record RequestPath(String raw, String decoded, List<String> segments) {
    public static final AttachmentKey<RequestPath> KEY = AttachmentKey.create(RequestPath.class);

    public RequestPath {
        segments = List.copyOf(segments);
    }

    /** Why a path was refused: the status to answer with and a reason for the log. */
    public record Rejection(int status, String reason) {
    }

    /** The outcome of {@link #parse}: exactly one of the two is set. */
    public record Parsed(RequestPath path, Rejection rejection) {
    }

    public boolean endsWithSlash() {
        return decoded.length() > 1 && decoded.endsWith("/");
    }

    /** The first segment that starts with "." other than {@code .well-known} (RFC 8615), or null. */
    public String hiddenSegment() {
        for (String s : segments) {
            if (s.startsWith(".") && !s.equals(".well-known")) {
                return s;
            }
        }
        return null;
    }

    public static Parsed parse(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            return reject(400, "the path does not start with /");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return reject(400, "truncated percent-encoding");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return reject(400, "invalid percent-encoding");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0xff) {
                return reject(400, "non-ASCII character in the path");
            } else {
                bytes.write(c);
            }
        }
        byte[] b = bytes.toByteArray();
        for (byte x : b) {
            int v = x & 0xff;
            if (v < 0x20 || v == 0x7f) {
                return reject(400, v == 0 ? "NUL byte in the path" : "control character in the path");
            }
            if (v == '\\') {
                return reject(400, "backslash in the path");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return reject(400, "the path is not UTF-8");
        }
        List<String> segments = new ArrayList<>();
        int start = 1;
        while (start <= text.length()) {
            int slash = text.indexOf('/', start);
            int end = slash < 0 ? text.length() : slash;
            String seg = text.substring(start, end);
            if (seg.equals("..")) {
                // Browsers resolve dot-segments before sending; a ".." that reaches us is a probe.
                return reject(400, "\"..\" in the path");
            }
            if (!seg.isEmpty() && !seg.equals(".")) {
                segments.add(seg);
            }
            start = end + 1;
        }
        boolean trailingSlash = text.length() > 1 && (text.endsWith("/") || text.endsWith("/."));
        String decoded = "/" + String.join("/", segments) + (trailingSlash && !segments.isEmpty() ? "/" : "");
        return new Parsed(new RequestPath(raw, decoded, segments), null);
    }

    private static Parsed reject(int status, String reason) {
        return new Parsed(null, new Rejection(status, reason));
    }
}
