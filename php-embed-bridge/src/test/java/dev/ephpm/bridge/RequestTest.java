package dev.ephpm.bridge;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One request in, everything PHP sees and produces out: superglobals, bodies, headers, status, streaming. */
class RequestTest {
    private final PhpRuntime php = TestRuntime.get();

    private PhpRuntime.BufferedResult run(PhpRequest.Builder b) {
        return php.execute(b.build());
    }

    @Test
    void getAndServerVariables() {
        var r = run(PhpRequest.code("<?php echo json_encode([$_GET, $_SERVER['REQUEST_METHOD'], $_SERVER['REQUEST_URI'],"
                        + " $_SERVER['QUERY_STRING'], $_SERVER['HTTP_X_TRACE'], $_SERVER['SCRIPT_NAME'], $_SERVER['HTTP_ACCEPT'],"
                        + " isset($_SERVER['REQUEST_TIME_FLOAT']), php_sapi_name()], JSON_UNESCAPED_SLASHES);")
                .uri("/app/index.php?a=1&b[]=x&b[]=y").header("X-Trace", "t-1").header("Accept", "a")
                .header("accept", "b").serverVariable("SCRIPT_NAME", "/app/index.php"));
        assertEquals("[{\"a\":\"1\",\"b\":[\"x\",\"y\"]},\"GET\",\"/app/index.php?a=1&b[]=x&b[]=y\",\"a=1&b[]=x&b[]=y\","
                + "\"t-1\",\"/app/index.php\",\"a, b\",true,\"fpm-fcgi\"]", r.body());
    }

    @Test
    void requestTimeComesFromTheCaller() {
        var r = run(PhpRequest.code("<?php echo $_SERVER['REQUEST_TIME_FLOAT'], ' ', $_SERVER['REQUEST_TIME'];")
                .requestTime(1700000000.25));
        assertEquals("1700000000.25 1700000000", r.body());
    }

    @Test
    void postForm() {
        var r = run(PhpRequest.code("<?php echo json_encode([$_POST, file_get_contents('php://input')]);")
                .method("POST").contentType("application/x-www-form-urlencoded").body("name=J%C3%BCrgen&list[]=1&list[]=2"));
        assertEquals("[{\"name\":\"J\\u00fcrgen\",\"list\":[\"1\",\"2\"]},\"name=J%C3%BCrgen&list[]=1&list[]=2\"]", r.body());
    }

    @Test
    void rawBodyThroughPhpInput() {
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        var r = run(PhpRequest.code("<?php $b = file_get_contents('php://input'); echo strlen($b), ' ', md5($b), ' ',"
                        + " $_SERVER['CONTENT_TYPE'], ' ', $_SERVER['CONTENT_LENGTH'], ' ', count($_POST);")
                .method("PUT").contentType("application/octet-stream").body(body));
        assertEquals("300000 " + md5(body) + " application/octet-stream 300000 0", r.body());
    }

    @Test
    void multipartUploadFillsFiles() {
        String boundary = "----ephpm" + System.nanoTime();
        byte[] file = "line one\nline two\0binary\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        var r = run(PhpRequest.code("<?php $f = $_FILES['doc']; echo json_encode([$_POST['title'], $f['name'], $f['type'],"
                        + " $f['size'], $f['error'], md5_file($f['tmp_name']), is_uploaded_file($f['tmp_name'])]);")
                .method("POST").contentType("multipart/form-data; boundary=" + boundary).body(body.toByteArray()));
        assertEquals("[\"Hello\",\"a.txt\",\"text\\/plain\"," + file.length + ",0,\"" + md5(file) + "\",true]", r.body());
    }

    @Test
    void cookiesFromAllCookieHeaders() {
        var r = run(PhpRequest.code("<?php echo json_encode($_COOKIE);")
                .header("Cookie", "a=1; b=two%20words").header("Cookie", "c=3"));
        assertEquals("{\"a\":\"1\",\"b\":\"two words\",\"c\":\"3\"}", r.body());
    }

    @Test
    void headersStatusAndDuplicateCookies() {
        var r = run(PhpRequest.code("<?php http_response_code(201); header('X-One: 1'); header('X-Two: a');"
                + " header('X-Two: b', false); setcookie('s1', 'v1'); setcookie('s2', 'v2', ['httponly' => true]);"
                + " header('Content-Type: application/json'); echo '{}';"));
        assertEquals(201, r.status());
        assertEquals(201, r.response().status());
        List<String> cookies = new ArrayList<>();
        List<String> two = new ArrayList<>();
        for (Header h : r.result().headers()) {
            if (h.name().equalsIgnoreCase("Set-Cookie")) {
                cookies.add(h.value());
            }
            if (h.name().equals("X-Two")) {
                two.add(h.value());
            }
        }
        assertEquals(List.of("s1=v1", "s2=v2; HttpOnly"), cookies);
        assertEquals(List.of("a", "b"), two);
        assertEquals("application/json", r.result().header("Content-Type"));
        assertEquals("{}", r.body());
    }

    @Test
    void redirectAndStatusLine() {
        var r = run(PhpRequest.code("<?php header('Location: /elsewhere', true, 302);"));
        assertEquals(302, r.status());
        assertEquals("/elsewhere", r.result().header("Location"));
        var teapot = run(PhpRequest.code("<?php header('HTTP/1.1 418 I am a teapot'); echo 'short and stout';"));
        assertEquals(418, teapot.status());
    }

    /**
     * flush() before anything reached the SAPI (the output is still in PHP's buffer) flushes nothing, as under
     * php-fpm. It used to commit the response there, so the script's status, headers and cookies, which PHP sends
     * later, were lost: a redirect became a bare 200.
     */
    @Test
    void flushBeforeAnyOutputKeepsTheStatusHeadersAndCookies() {
        var redirect = run(PhpRequest.code("<?php header('Location: /login', true, 302); flush(); exit;"));
        assertEquals(302, redirect.status());
        assertEquals(302, redirect.response().status());
        assertEquals("/login", redirect.result().header("Location"));
        var json = run(PhpRequest.code("<?php header('Content-Type: application/json'); setcookie('s', '1');"
                + " http_response_code(404); echo '{\"a\":'; flush(); echo '1}';"));
        assertEquals(404, json.response().status());
        assertEquals("application/json", json.result().header("Content-Type"));
        assertEquals("s=1", json.result().header("Set-Cookie"));
        assertEquals("{\"a\":1}", json.body());
    }

    /** The CGI "Status:" header php-fpm honours: the first one sets the status, over the script's own code. */
    @Test
    void aStatusHeaderSetsTheStatusAndIsNotSent() {
        var r = run(PhpRequest.code("<?php header('Status: 404 Not Found'); echo 'x';"));
        assertEquals(404, r.status());
        assertEquals(404, r.response().status());
        assertNull(r.result().header("Status"));
        assertEquals(404, run(PhpRequest.code("<?php http_response_code(201); header('Status: 404 Not Found');"))
                .status());
        var moved = run(PhpRequest.code("<?php header('Status: 301 Moved Permanently'); header('Location: /x');"));
        assertEquals(301, moved.status());
        assertEquals("/x", moved.result().header("Location"));
        assertEquals(200, run(PhpRequest.code("<?php header('Status: nonsense'); echo 'x';")).status());
    }

    @Test
    void headerAfterOutputStillWorksWithinTheBuffer() {
        var r = run(PhpRequest.code("<?php echo 'early'; header('X-Late: yes');"));
        assertEquals("yes", r.result().header("X-Late"));
        assertEquals("early", r.body());
    }

    @Test
    void flushedOutputReachesTheSinkBeforeTheScriptEnds() throws Exception {
        List<String> events = new ArrayList<>();
        long[] firstChunkAt = new long[1];
        PhpResponseSink sink = new PhpResponseSink() {
            @Override
            public void headers(int status, List<Header> headers) {
                events.add("headers " + status);
            }

            @Override
            public void write(ByteBuffer chunk) {
                byte[] b = new byte[chunk.remaining()];
                chunk.get(b);
                if (firstChunkAt[0] == 0) {
                    firstChunkAt[0] = System.nanoTime();
                }
                events.add("write " + new String(b, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                events.add("flush");
            }
        };
        long start = System.nanoTime();
        PhpResult result = php.execute(PhpRequest.code("<?php echo 'part1'; ob_flush(); flush(); usleep(300000); echo 'part2';")
                .build(), sink);
        long end = System.nanoTime();
        assertEquals(List.of("headers 200", "write part1", "flush", "write part2"), events);
        assertTrue(end - firstChunkAt[0] >= TimeUnit.MILLISECONDS.toNanos(250),
                "first chunk must arrive before the sleep, not at the end");
        assertTrue(firstChunkAt[0] - start < TimeUnit.MILLISECONDS.toNanos(250));
        assertEquals(10, result.bodyBytes());
    }

    @Test
    void largeOutputIsStreamedInChunks() {
        var r = run(PhpRequest.code("<?php for ($i = 0; $i < 100000; $i++) { echo str_pad((string) $i, 10, ' '), \"\\n\"; }"));
        assertEquals(1_100_000, r.response().body().length);
        assertEquals(1_100_000, r.result().bodyBytes());
    }

    @Test
    void scriptFileAndIncludeRelativeToIt() {
        var r = php.execute(PhpRequest.script(TestRuntime.php("includer.php")).build());
        assertEquals("included:" + TestRuntime.php("included.php"), r.body());
    }

    @Test
    void stateDoesNotLeakIntoTheNextRequest() {
        var first = run(PhpRequest.code("<?php http_response_code(404); $_GET['x'] = 1; $GLOBALS['leak'] = 1;"
                + " ob_start(); echo 'buffered'; header('X-First: 1'); exit(7);").uri("/?q=1"));
        assertEquals(404, first.status());
        assertEquals(7, first.result().exitStatus());
        assertEquals("buffered", first.body());
        var second = run(PhpRequest.code("<?php echo json_encode([http_response_code(), $_GET, isset($leak),"
                + " ob_get_level(), headers_list()]);"));
        assertEquals(200, second.status());
        assertEquals(0, second.result().exitStatus());
        assertEquals("[200,[],false,1,[\"X-Powered-By: PHP\\/" + php.phpVersion() + "\"]]", second.body());
        assertFalse(second.body().contains("X-First"));
    }

    @Test
    void httpAuthorizationIsParsed() {
        var r = run(PhpRequest.code("<?php echo $_SERVER['PHP_AUTH_USER'], ':', $_SERVER['PHP_AUTH_PW'];")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("ann:s3cret".getBytes())));
        assertEquals("ann:s3cret", r.body());
        var next = run(PhpRequest.code("<?php echo isset($_SERVER['PHP_AUTH_USER']) ? 'leaked' : 'clean';"));
        assertEquals("clean", next.body());
    }

    /** PHP reads POST bodies eagerly at request start-up (for php://input); other methods only on demand. */
    @Test
    void nonPostBodyIsReadOnlyWhenAsked() {
        boolean[] read = new boolean[1];
        InputStream watched = new InputStream() {
            @Override
            public int read() {
                read[0] = true;
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                read[0] = true;
                return -1;
            }
        };
        var r = php.execute(PhpRequest.code("<?php echo 'no body read';").method("PUT")
                .contentType("application/octet-stream").body(watched, 10).build());
        assertEquals("no body read", r.body());
        assertFalse(read[0], "PHP read a body the script never asked for");
    }

    static String md5(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
