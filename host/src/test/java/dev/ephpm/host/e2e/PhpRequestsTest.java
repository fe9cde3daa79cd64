package dev.ephpm.host.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PHP through the real server: $_SERVER, superglobals, uploads, headers, streaming, HTTP/2 and TLS. */
class PhpRequestsTest {
    @TempDir
    static Path work;
    static TestServer server;
    static int httpsPort;

    @BeforeAll
    static void start() throws Exception {
        Path[] pem = Certificates.selfSigned(work);
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            httpsPort = probe.getLocalPort();
        }
        server = TestServer.start(work, Map.of(
                "server.request.body_buffer_size", "\"64KiB\"",
                "server.request.max_body_size", "\"8MiB\"",
                "server.tls.cert", TestServer.quote(pem[0].toString()),
                "server.tls.key", TestServer.quote(pem[1].toString()),
                "server.tls.listen", "\"127.0.0.1:" + httpsPort + "\""));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, Object> env(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body());
    }

    @Test
    void serverVariablesAreCompleteCgi() throws Exception {
        HttpResponse<String> r = server.get("/env.php?a=1&b=two%20words", "X-Custom-Header", "custom value",
                "Cookie", "c1=v1; c2=v2", "X_Spoofed", "dropped", "Proxy", "http://evil");
        Map<String, Object> env = env(r);
        Map<String, Object> s = Json.map(env, "server");
        String root = server.docroot.toRealPath().toString();
        assertEquals(root + "/env.php", s.get("SCRIPT_FILENAME"));
        assertEquals("/env.php", s.get("SCRIPT_NAME"));
        assertEquals("/env.php", s.get("PHP_SELF"));
        assertEquals("/env.php?a=1&b=two%20words", s.get("REQUEST_URI"));
        assertEquals("a=1&b=two%20words", s.get("QUERY_STRING"));
        assertEquals(root, s.get("DOCUMENT_ROOT"));
        assertEquals("GET", s.get("REQUEST_METHOD"));
        assertEquals("127.0.0.1", s.get("REMOTE_ADDR"));
        assertTrue(Integer.parseInt((String) s.get("REMOTE_PORT")) > 0);
        assertEquals("127.0.0.1", s.get("SERVER_NAME"));
        assertEquals(Integer.toString(server.port), s.get("SERVER_PORT"));
        assertEquals("127.0.0.1", s.get("SERVER_ADDR"));
        assertEquals("HTTP/1.1", s.get("SERVER_PROTOCOL"));
        assertEquals("CGI/1.1", s.get("GATEWAY_INTERFACE"));
        assertEquals("http", s.get("REQUEST_SCHEME"));
        assertNull(s.get("HTTPS"));
        assertTrue(((String) s.get("SERVER_SOFTWARE")).startsWith("ePHPm/"));
        assertEquals("custom value", s.get("HTTP_X_CUSTOM_HEADER"));
        assertEquals("127.0.0.1:" + server.port, s.get("HTTP_HOST"));
        assertNull(s.get("HTTP_X_SPOOFED"), "headers with underscores are dropped (nginx's default)");
        assertNull(s.get("HTTP_PROXY"), "the Proxy header never becomes HTTP_PROXY (httpoxy)");
        double t = ((Number) s.get("REQUEST_TIME_FLOAT")).doubleValue();
        assertTrue(Math.abs(t - System.currentTimeMillis() / 1000.0) < 30, "REQUEST_TIME_FLOAT is now: " + t);
        assertTrue(t != Math.floor(t) || ((Number) s.get("REQUEST_TIME")).longValue() == (long) t);
        assertEquals(Map.of("a", "1", "b", "two words"), env.get("get"));
        assertEquals(Map.of("c1", "v1", "c2", "v2"), env.get("cookie"));
        assertEquals("fpm-fcgi", env.get("sapi"));
    }

    @Test
    void formPostFillsPost() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/env.php?q=1"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=J%C3%B6rg&list%5B%5D=a&list%5B%5D=b")).build());
        Map<String, Object> env = env(r);
        Map<String, Object> post = Json.map(env, "post");
        assertEquals("Jörg", post.get("name"));
        assertEquals(List.of("a", "b"), post.get("list"));
        assertEquals("POST", Json.map(env, "server").get("REQUEST_METHOD"));
        assertEquals("application/x-www-form-urlencoded", Json.map(env, "server").get("CONTENT_TYPE"));
    }

    @Test
    void rawAndChunkedBodiesReachPhpInput() throws Exception {
        byte[] body = new byte[200_000]; // above body_buffer_size: goes through the spool file
        new Random(7).nextBytes(body);
        HttpResponse<String> fixed = server.send(HttpRequest.newBuilder(server.uri("/env.php"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals(sha1(body), env(fixed).get("input_sha1"));
        assertEquals("200000", Json.map(env(fixed), "server").get("CONTENT_LENGTH"));
        // no length: the JDK client sends chunked
        HttpResponse<String> chunked = server.send(HttpRequest.newBuilder(server.uri("/env.php"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        assertEquals(sha1(body), env(chunked).get("input_sha1"));
        assertEquals(200_000L, env(chunked).get("input_length"));
    }

    @Test
    void multipartUploadsFillFiles() throws Exception {
        byte[] small = "small file\n".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[3_000_000];
        new Random(42).nextBytes(large);
        String boundary = "----ephpmtest" + System.nanoTime();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        part(b, boundary, "title", null, null, "Hello upload".getBytes(StandardCharsets.UTF_8));
        part(b, boundary, "small", "small.txt", "text/plain", small);
        part(b, boundary, "large", "large.bin", "application/octet-stream", large);
        b.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/env.php"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(b.toByteArray())).build());
        Map<String, Object> env = env(r);
        assertEquals("Hello upload", Json.map(env, "post").get("title"));
        Map<String, Object> files = Json.map(env, "files");
        Map<String, Object> s = Json.map(files, "small");
        assertEquals("small.txt", s.get("name"));
        assertEquals("text/plain", s.get("type"));
        assertEquals((long) small.length, s.get("size"));
        assertEquals(0L, s.get("error"));
        assertEquals(sha1(small), s.get("sha1"));
        Map<String, Object> l = Json.map(files, "large");
        assertEquals((long) large.length, l.get("size"));
        assertEquals(sha1(large), l.get("sha1"));
    }

    @Test
    void expectContinueUploadWorks() throws Exception {
        Path file = work.resolve("upload.bin");
        byte[] data = new byte[2_000_000];
        new Random(3).nextBytes(data);
        Files.write(file, data);
        String out = TestServer.curl(List.of("-H", "Expect: 100-continue", "-F", "doc=@" + file,
                server.base + "/env.php"));
        Map<String, Object> doc = Json.map(Json.map(Json.object(out), "files"), "doc");
        assertEquals(sha1(data), doc.get("sha1"));
    }

    @Test
    void headersCookiesAndStatus() throws Exception {
        HttpResponse<String> r = server.get("/headers.php");
        assertEquals(201, r.statusCode());
        assertEquals("one", r.headers().firstValue("X-Test").orElseThrow());
        assertEquals(List.of("a", "b"), r.headers().allValues("X-Multi"));
        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertEquals(2, cookies.size(), cookies.toString());
        assertTrue(cookies.get(0).startsWith("first=value%201"), cookies.get(0));
        assertTrue(cookies.get(1).contains("second=2") && cookies.get(1).contains("HttpOnly")
                && cookies.get(1).contains("SameSite=Lax"), cookies.get(1));
        assertEquals("created\n", r.body());
        assertEquals("text/html; charset=UTF-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("8", r.headers().firstValue("Content-Length").orElseThrow());
        assertFalse(r.headers().firstValue("X-Powered-By").isPresent(), "expose_php is off");
    }

    @Test
    void statusCodesAndRedirects() throws Exception {
        for (int code : new int[]{200, 204, 404, 418, 500, 503}) {
            HttpResponse<String> r = server.get("/status.php?code=" + code);
            assertEquals(code, r.statusCode());
        }
        HttpResponse<String> found = server.get("/redirect.php");
        assertEquals(302, found.statusCode());
        assertEquals("/target?from=redirect", found.headers().firstValue("Location").orElseThrow());
        assertEquals(301, server.get("/redirect.php?code=301").statusCode());
    }

    @Test
    void frontControllerReceivesUnknownPaths() throws Exception {
        Map<String, Object> r = env(server.get("/blog/2024/hello-world?page=2&sort=desc"));
        assertEquals(true, r.get("front"));
        assertEquals("/blog/2024/hello-world?page=2&sort=desc", r.get("uri"));
        assertEquals("/index.php", r.get("script_name"));
        assertEquals("page=2&sort=desc", r.get("query"));
        assertEquals(Map.of("page", "2", "sort", "desc"), r.get("get"));
        // a missing asset also reaches the front controller, as with nginx's try_files
        assertEquals(true, env(server.get("/missing.css")).get("front"));
        // the root goes through the directory index to the same script
        assertEquals("/index.php", env(server.get("/")).get("script_name"));
        // percent-encoded paths reach PHP as sent
        assertEquals("/caf%C3%A9/x%20y", env(server.get("/caf%C3%A9/x%20y")).get("uri"));
    }

    @Test
    void pathInfoIsSplitOffTheScript() throws Exception {
        Map<String, Object> r = env(server.get("/pathinfo.php/a/b?c=d"));
        assertEquals("/a/b", r.get("path_info"));
        assertEquals("/pathinfo.php", r.get("script_name"));
        assertEquals("/pathinfo.php/a/b", r.get("php_self"));
        assertEquals("/pathinfo.php/a/b?c=d", r.get("request_uri"));
        Map<String, Object> front = env(server.get("/index.php/api/users"));
        assertEquals("/api/users", front.get("path_info"));
        // the script followed by a bare slash: PATH_INFO "/", like Apache and nginx's fastcgi_split_path_info
        Map<String, Object> slash = env(server.get("/pathinfo.php/"));
        assertEquals("/", slash.get("path_info"));
        assertEquals("/pathinfo.php", slash.get("script_name"));
        assertEquals("/a/b/", env(server.get("/pathinfo.php/a/b/")).get("path_info"));
    }

    @Test
    void phpSourceIsNeverSent() throws Exception {
        HttpResponse<String> shown = server.get("/app/show.php");
        assertEquals(200, shown.statusCode());
        assertEquals("<?php this text is output, not source ?>\nSCRIPT=/app/show.php\n", shown.body());
        for (String path : List.of("/secret.phtml", "/config.inc")) {
            HttpResponse<String> r = server.get(path);
            assertEquals(403, r.statusCode(), path);
            assertFalse(r.body().contains("SECRET"), path);
        }
        // the copies editors and deploys leave next to a script hold its source too
        for (String name : List.of("config.php~", "config.php.bak", "config.php.swp", "config.php.orig",
                "config.pht", "#config.php#", "config.PHP.BAK", "config.php.1", "config.php-dist", "config.php_bak",
                "config.inc.bak", "config.php ", "config.php.old.1")) {
            Files.writeString(server.docroot.resolve("app/" + name), "<?php $password = 'SECRET';");
            HttpResponse<String> r = server.get("/app/" + name.replace("#", "%23").replace(" ", "%20"));
            assertEquals(403, r.statusCode(), name);
            assertFalse(r.body().contains("SECRET"), name);
        }
        // but a name that only contains such a word is served
        Files.writeString(server.docroot.resolve("app/phpunit.xml.dist"), "<phpunit/>");
        Files.writeString(server.docroot.resolve("app/lib.inc.js"), "var inc = 1;");
        Files.writeString(server.docroot.resolve("app/Foo.php.html"), "<p>coverage</p>");
        assertEquals(200, server.get("/app/phpunit.xml.dist").statusCode());
        assertEquals(200, server.get("/app/lib.inc.js").statusCode());
        assertEquals(200, server.get("/app/Foo.php.html").statusCode());
        // upper-case extension still runs as PHP rather than being sent
        Files.copy(server.docroot.resolve("app/show.php"), server.docroot.resolve("app/UPPER.PHP"));
        HttpResponse<String> upper = server.get("/app/UPPER.PHP");
        assertFalse(upper.body().contains("echo"), upper.body());
        // no cgi.fix_pathinfo trick: a non-PHP file followed by /x.php does not run or leak
        HttpResponse<String> trick = server.get("/assets/plain.txt/x.php");
        assertFalse(trick.body().contains("plain text"));
    }

    @Test
    void flushedOutputArrivesBeforeTheScriptEnds() throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> r = server.client.send(HttpRequest.newBuilder(server.uri("/stream.php")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            byte[] first = in.readNBytes(6);
            long firstMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("first\n", new String(first, StandardCharsets.US_ASCII));
            assertTrue(firstMs < 1200, "the flushed part came after " + firstMs + " ms (the script sleeps 1500)");
            assertEquals("second\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            long totalMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(totalMs >= 1400, "the rest came when the script ended, after " + totalMs + " ms");
        }
        assertFalse(r.headers().firstValue("Content-Length").isPresent(), "a streamed response is chunked");
    }

    @Test
    void largeOutputStreamsIntactAndCompresses() throws Exception {
        HttpResponse<byte[]> plain = server.getBytes("/big-output.php?n=1000000");
        assertEquals(200, plain.statusCode());
        assertEquals(1_000_000 / 65 * 65, plain.body().length);
        HttpResponse<byte[]> gz = server.getBytes("/big-output.php?n=1000000", "Accept-Encoding", "gzip, deflate");
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElseThrow());
        assertTrue(gz.body().length < plain.body().length / 10);
        assertArrayEquals(plain.body(), new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes());
        // a small buffered PHP response above min_size is compressed too
        HttpResponse<byte[]> small = server.getBytes("/big-output.php?n=5000", "Accept-Encoding", "gzip");
        assertEquals("gzip", small.headers().firstValue("Content-Encoding").orElseThrow());
    }

    @Test
    void headRequestToPhp() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/headers.php"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(201, r.statusCode());
        assertEquals("", r.body());
        assertEquals("one", r.headers().firstValue("X-Test").orElseThrow());
        // PHP produces no body for HEAD (headers_only), so no length is claimed
        assertFalse(r.headers().firstValue("Content-Length").filter(v -> v.equals("0")).isPresent());
    }

    @Test
    void fatalErrorsGive500AndTheServerGoesOn() throws Exception {
        HttpResponse<String> fatal = server.get("/fatal.php");
        assertEquals(500, fatal.statusCode());
        assertEquals(500, server.get("/exception.php").statusCode());
        HttpResponse<String> exit = server.get("/exit.php?status=3");
        assertEquals(200, exit.statusCode());
        assertEquals("exiting\n", exit.body());
        assertEquals(200, server.get("/app/show.php").statusCode());
    }

    @Test
    void keepAliveWithPhp() throws Exception {
        try (RawHttp http = new RawHttp(server.port)) {
            for (int i = 0; i < 5; i++) {
                http.send("GET /pathinfo.php/" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
                RawHttp.Response r = http.read();
                assertEquals(200, r.status());
                assertEquals("/" + i, Json.object(r.bodyText()).get("path_info"));
            }
        }
    }

    @Test
    void http2CleartextByUpgradeAndPriorKnowledge() throws Exception {
        for (String mode : List.of("--http2", "--http2-prior-knowledge")) {
            String out = TestServer.curl(List.of(mode, "-w", "\n%{http_version}", server.base + "/env.php?h2=1"));
            int nl = out.lastIndexOf('\n');
            assertEquals("2", out.substring(nl + 1), mode);
            Map<String, Object> s = Json.map(Json.object(out.substring(0, nl)), "server");
            assertEquals("HTTP/2.0", s.get("SERVER_PROTOCOL"), mode);
            assertEquals("/env.php?h2=1", s.get("REQUEST_URI"), mode);
        }
        String css = TestServer.curl(List.of("--http2-prior-knowledge", "--compressed", server.base + "/assets/app.css"));
        assertEquals(Files.readString(server.docroot.resolve("assets/app.css")), css);
    }

    @Test
    void httpsWithHttp2FromPemFiles() throws Exception {
        String base = "https://127.0.0.1:" + httpsPort;
        String out = TestServer.curl(List.of("--cacert", work.resolve("cert.pem").toString(), "--http2",
                "-w", "\n%{http_version}", base + "/env.php"));
        int nl = out.lastIndexOf('\n');
        assertEquals("2", out.substring(nl + 1));
        Map<String, Object> s = Json.map(Json.object(out.substring(0, nl)), "server");
        assertEquals("on", s.get("HTTPS"));
        assertEquals("https", s.get("REQUEST_SCHEME"));
        assertEquals(Integer.toString(httpsPort), s.get("SERVER_PORT"));
        String h1 = TestServer.curl(List.of("--cacert", work.resolve("cert.pem").toString(), "--http1.1",
                "-w", "\n%{http_version}", base + "/assets/plain.txt"));
        assertEquals("plain text\n\n1.1", h1);
    }

    static void part(ByteArrayOutputStream b, String boundary, String name, String filename, String type, byte[] data) {
        StringBuilder h = new StringBuilder("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(name).append('"');
        if (filename != null) {
            h.append("; filename=\"").append(filename).append('"');
        }
        h.append("\r\n");
        if (type != null) {
            h.append("Content-Type: ").append(type).append("\r\n");
        }
        h.append("\r\n");
        b.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
        b.writeBytes(data);
        b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    static String sha1(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
    }
}
