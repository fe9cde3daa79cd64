package dev.ephpm.host.e2e;

import dev.ephpm.host.config.LoggingConfig;
import dev.ephpm.host.logging.LoggingSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, Prometheus metrics, the access log (JSON to a file) and PHP's messages in the server log. */
class OperationsTest {
    @TempDir
    static Path work;
    static TestServer server;
    static Path accessLog;
    static Path serverLog;

    @BeforeAll
    static void start() throws Exception {
        accessLog = work.resolve("access.log");
        // the server log format is part of what is tested: JSON lines on stderr, captured here
        serverLog = work.resolve("server.log");
        System.setErr(new java.io.PrintStream(Files.newOutputStream(serverLog), true));
        LoggingSetup.apply(new LoggingConfig("info", "json", accessLog.toString(), "json"));
        server = TestServer.start(work, Map.of(
                "server.logging.access_log", TestServer.quote(accessLog.toString()),
                "server.logging.access_log_format", "\"json\"",
                "server.logging.format", "\"json\""));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthReportsPhp() throws Exception {
        HttpResponse<String> r = server.get("/_ephpm/health");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> body = Json.object(r.body());
        assertEquals("ok", body.get("status"));
        Map<String, Object> php = Json.map(body, "php");
        assertTrue(((String) php.get("version")).startsWith("8.2."));
        assertEquals((long) server.config.php().workers(), php.get("threads"));
        assertEquals(server.config.php().threadSafe(), php.get("zts"));
    }

    @Test
    void prometheusMetricsCoverRequestsPhpAndKv() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, server.get("/counter.php?key=metrics").statusCode());
        }
        assertEquals(200, server.get("/assets/plain.txt").statusCode());
        assertEquals(404, server.get("/.env").statusCode());
        HttpResponse<String> r = server.get("/_ephpm/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        String m = r.body();
        assertTrue(value(m, "ephpm_http_requests_total{code=\"200\",handler=\"php\"}") >= 3, m);
        assertTrue(value(m, "ephpm_http_requests_total{code=\"200\",handler=\"static\"}") >= 1, m);
        assertTrue(value(m, "ephpm_http_requests_total{code=\"404\",handler=\"other\"}") >= 1, m);
        assertTrue(value(m, "ephpm_http_request_duration_seconds_count{handler=\"php\"}") >= 3, m);
        assertTrue(m.contains("ephpm_http_request_duration_seconds_bucket{handler=\"php\",le=\"0.005\"}"), m);
        assertEquals(0.0, value(m, "ephpm_php_queue_depth"));
        assertEquals(server.config.php().workers(), value(m, "ephpm_php_threads"));
        assertTrue(m.contains("ephpm_php_busy_threads "), m);
        assertTrue(value(m, "ephpm_kv_entries") >= 1, m);
        assertTrue(value(m, "ephpm_kv_bytes_used") > 0, m);
        assertEquals(256.0 * 1024 * 1024, value(m, "ephpm_kv_bytes_limit"));
        assertTrue(m.contains("ephpm_kv_hits_total "), m);
        assertTrue(m.contains("ephpm_kv_misses_total "), m);
        assertTrue(m.contains("ephpm_kv_evictions_total "), m);
        assertTrue(m.contains("jvm_memory_used_bytes"), m);
    }

    @Test
    void accessLogAndServerLogAreStructured() throws Exception {
        assertEquals(200, server.get("/app/show.php?x=1", "User-Agent", "test \"agent\" \\x").statusCode());
        assertEquals(500, server.get("/fatal.php").statusCode());
        String line = null;
        for (int i = 0; i < 50 && line == null; i++) {
            Thread.sleep(100); // the access log is written asynchronously
            line = Files.readAllLines(accessLog).stream().filter(l -> l.contains("/app/show.php")).findFirst().orElse(null);
        }
        assertTrue(line != null, "the access log has the request");
        Map<String, Object> entry = Json.object(line);
        assertEquals("GET", entry.get("method"));
        assertEquals("/app/show.php?x=1", entry.get("uri"));
        assertEquals(200L, entry.get("status"));
        assertEquals("php", entry.get("handler"));
        assertEquals("127.0.0.1", entry.get("remote"));
        assertEquals("test \"agent\" \\x", entry.get("user_agent"), "client text is escaped, not injected");
        assertTrue(((Number) entry.get("duration_ms")).doubleValue() >= 0);
        List<String> log = Files.readAllLines(serverLog);
        String fatal = log.stream().filter(l -> l.contains("this_function_does_not_exist")).findFirst().orElseThrow();
        Map<String, Object> event = Json.object(fatal);
        assertEquals("ERROR", event.get("level"));
        assertEquals("php", event.get("loggerName"));
    }

    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in\n" + metrics);
        }
        return Double.parseDouble(m.group(1));
    }
}
