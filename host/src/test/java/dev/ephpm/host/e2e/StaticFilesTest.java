package dev.ephpm.host.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Static files over real HTTP: types, validators, ranges, compression, large files. */
class StaticFilesTest {
    @TempDir
    static Path work;
    static TestServer server;
    /** Larger than the test JVM's heap (-Xmx1g): serving it at all proves it is never held in memory. */
    static final long HUGE = 1536L << 20;

    @BeforeAll
    static void start() throws Exception {
        Path docroot = TestServer.prepareDocroot(work);
        try (RandomAccessFile f = new RandomAccessFile(docroot.resolve("assets/huge.bin").toFile(), "rw")) {
            f.setLength(HUGE); // sparse: costs no disk
            f.seek(HUGE - 16);
            f.write("the last 16 byte".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] medium = new byte[300_000];
        for (int i = 0; i < medium.length; i++) {
            medium[i] = (byte) (i * 31 + i / 7);
        }
        Files.write(docroot.resolve("assets/medium.bin"), medium);
        server = TestServer.start(work, Map.of("server.static.cache_control", "\"public, max-age=60\""));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void contentTypesFollowTheExtension() throws Exception {
        assertEquals("text/css; charset=utf-8", server.get("/assets/app.css").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("image/png", server.get("/assets/pixel.png").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("text/plain; charset=utf-8", server.get("/assets/plain.txt").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("application/octet-stream", server.get("/assets/medium.bin").headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> html = server.get("/dir/");
        assertEquals(200, html.statusCode());
        assertEquals("text/html; charset=utf-8", html.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(html.body().contains("directory index"));
    }

    @Test
    void bodyIsTheFileAndCacheControlIsSent() throws Exception {
        HttpResponse<byte[]> r = server.getBytes("/assets/medium.bin");
        assertEquals(200, r.statusCode());
        assertArrayEquals(Files.readAllBytes(server.docroot.resolve("assets/medium.bin")), r.body());
        assertEquals("public, max-age=60", r.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElseThrow());
    }

    @Test
    void etagAndLastModifiedGive304() throws Exception {
        HttpResponse<String> first = server.get("/assets/plain.txt");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<String> byEtag = server.get("/assets/plain.txt", "If-None-Match", etag);
        assertEquals(304, byEtag.statusCode());
        assertEquals("", byEtag.body());
        assertEquals(etag, byEtag.headers().firstValue("ETag").orElseThrow());
        assertEquals(304, server.get("/assets/plain.txt", "If-None-Match", "\"other\", W/" + etag).statusCode());
        assertEquals(200, server.get("/assets/plain.txt", "If-None-Match", "\"other\"").statusCode());
        assertEquals(304, server.get("/assets/plain.txt", "If-Modified-Since", lastModified).statusCode());
        assertEquals(200, server.get("/assets/plain.txt", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode());
        // If-None-Match wins over If-Modified-Since (RFC 9110)
        assertEquals(200, server.get("/assets/plain.txt", "If-None-Match", "\"other\"", "If-Modified-Since", lastModified).statusCode());
    }

    @Test
    void rangeRequestsGive206And416() throws Exception {
        byte[] all = Files.readAllBytes(server.docroot.resolve("assets/medium.bin"));
        HttpResponse<byte[]> r = server.getBytes("/assets/medium.bin", "Range", "bytes=100-199");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 100-199/" + all.length, r.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 100, 200), r.body());

        HttpResponse<byte[]> suffix = server.getBytes("/assets/medium.bin", "Range", "bytes=-10");
        assertEquals(206, suffix.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(all, all.length - 10, all.length), suffix.body());

        HttpResponse<byte[]> open = server.getBytes("/assets/medium.bin", "Range", "bytes=299990-");
        assertEquals(206, open.statusCode());
        assertEquals(10, open.body().length);

        HttpResponse<String> bad = server.get("/assets/medium.bin", "Range", "bytes=999999-");
        assertEquals(416, bad.statusCode());
        assertEquals("bytes */" + all.length, bad.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<String> none = server.get("/assets/medium.bin", "Range", "bytes=-0");
        assertEquals(416, none.statusCode());
        assertEquals("bytes */" + all.length, none.headers().firstValue("Content-Range").orElseThrow());

        String etag = server.get("/assets/medium.bin").headers().firstValue("ETag").orElseThrow();
        assertEquals(206, server.getBytes("/assets/medium.bin", "Range", "bytes=0-0", "If-Range", etag).statusCode());
        HttpResponse<byte[]> stale = server.getBytes("/assets/medium.bin", "Range", "bytes=0-0", "If-Range", "\"stale\"");
        assertEquals(200, stale.statusCode());
        assertEquals(all.length, stale.body().length);
    }

    @Test
    void hugeFileStreamsWithoutBeingLoadedIntoMemory() throws Exception {
        HttpResponse<InputStream> r = server.client.send(HttpRequest.newBuilder(server.uri("/assets/huge.bin")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals(Long.toString(HUGE), r.headers().firstValue("Content-Length").orElseThrow());
        long total = 0;
        byte[] last = new byte[16];
        byte[] buf = new byte[1 << 16];
        try (InputStream in = r.body()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total >= 16) {
                    // keep the last 16 bytes seen
                    int keep = Math.min(n, 16);
                    System.arraycopy(last, keep, last, 0, 16 - keep);
                    System.arraycopy(buf, n - keep, last, 16 - keep, keep);
                }
            }
        }
        assertEquals(HUGE, total);
        assertEquals("the last 16 byte", new String(last, StandardCharsets.US_ASCII));
        // and a range deep inside it
        HttpResponse<byte[]> tail = server.getBytes("/assets/huge.bin", "Range", "bytes=" + (HUGE - 16) + "-");
        assertEquals(206, tail.statusCode());
        assertEquals("the last 16 byte", new String(tail.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void compressibleFilesAreGzipped() throws Exception {
        byte[] css = Files.readAllBytes(server.docroot.resolve("assets/app.css"));
        HttpResponse<byte[]> gz = server.getBytes("/assets/app.css", "Accept-Encoding", "gzip");
        assertEquals(200, gz.statusCode());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals("Accept-Encoding", gz.headers().firstValue("Vary").orElseThrow());
        assertTrue(gz.headers().firstValue("ETag").orElseThrow().startsWith("W/"), "a compressed body gets a weak ETag");
        assertTrue(gz.body().length < css.length / 2);
        assertArrayEquals(css, new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes());
        // no Accept-Encoding, q=0, a PNG, a file under the threshold: not compressed
        assertNull(server.getBytes("/assets/app.css").headers().firstValue("Content-Encoding").orElse(null));
        assertNull(server.getBytes("/assets/app.css", "Accept-Encoding", "gzip;q=0, br").headers()
                .firstValue("Content-Encoding").orElse(null));
        assertNull(server.getBytes("/assets/pixel.png", "Accept-Encoding", "gzip").headers()
                .firstValue("Content-Encoding").orElse(null));
        assertNull(server.getBytes("/assets/plain.txt", "Accept-Encoding", "gzip").headers()
                .firstValue("Content-Encoding").orElse(null));
        // a range of a compressible file is sent as the identity bytes
        HttpResponse<byte[]> range = server.getBytes("/assets/app.css", "Accept-Encoding", "gzip", "Range", "bytes=0-9");
        assertEquals(206, range.statusCode());
        assertNull(range.headers().firstValue("Content-Encoding").orElse(null));
        assertArrayEquals(java.util.Arrays.copyOf(css, 10), range.body());
    }

    @Test
    void headAndMethods() throws Exception {
        HttpResponse<String> head = server.send(HttpRequest.newBuilder(server.uri("/assets/medium.bin"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals("300000", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("", head.body());
        HttpResponse<String> post = server.send(HttpRequest.newBuilder(server.uri("/assets/plain.txt"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void directoryWithoutSlashRedirects() throws Exception {
        HttpResponse<String> r = server.get("/dir?x=1");
        assertEquals(301, r.statusCode());
        assertEquals("/dir/?x=1", r.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void wellKnownIsServedThoughItStartsWithADot() throws Exception {
        HttpResponse<String> r = server.get("/.well-known/security.txt");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("Contact:"));
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (RawHttp http = new RawHttp(server.port)) {
            for (int i = 0; i < 5; i++) {
                http.send("GET /assets/plain.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
                RawHttp.Response r = http.read();
                assertEquals(200, r.status());
                assertEquals("plain text\n", r.bodyText());
            }
            assertNotNull(http.socket);
            assertTrue(!http.closedWithin(200), "the connection stays open between requests");
        }
    }

    static String sha1(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
    }
}
