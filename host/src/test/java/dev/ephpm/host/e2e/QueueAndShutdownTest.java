package dev.ephpm.host.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full PHP queue answers 503 with Retry-After; shutdown (in-process and by SIGTERM) drains in-flight requests. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueueAndShutdownTest {
    @TempDir
    static Path work;
    static TestServer server;

    @BeforeAll
    static void start() {
        // One PHP thread, so the arithmetic below holds with either library (PhpThreadsTest covers many threads).
        server = TestServer.start(work, Map.of("php.workers", "1", "php.queue_size", "2", "php.retry_after", "\"3s\"",
                "server.timeouts.request", "\"20s\""));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Order(1)
    void aFullQueueAnswers503WithRetryAfter() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(server.client.sendAsync(HttpRequest.newBuilder(server.uri("/sleep.php?ms=800&i=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int busy = 0;
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                ok++;
                assertEquals("slept\n", r.body());
            } else {
                assertEquals(503, r.statusCode(), r.body());
                assertEquals("3", r.headers().firstValue("Retry-After").orElseThrow());
                busy++;
            }
        }
        // one runs, two wait; the others cannot all have been queued
        assertTrue(ok >= 1 && ok <= 4, "ok=" + ok);
        assertTrue(busy >= 4, "busy=" + busy);
        assertEquals(200, server.get("/app/show.php").statusCode(), "the server recovers at once");
        String metrics = server.get("/_ephpm/metrics").body();
        assertTrue(metrics.contains("ephpm_php_rejected_total " + busy + ".0"), metrics);
    }

    @Test
    @Order(2)
    void shutdownDrainsInFlightRequests() throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = server.client.sendAsync(
                HttpRequest.newBuilder(server.uri("/sleep.php?ms=1500")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        long t0 = System.nanoTime();
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> server.server.shutdown(Duration.ofSeconds(10)));
        Thread.sleep(200);
        assertTrue(server.server.draining());
        HttpResponse<String> late = null;
        try {
            late = server.get("/_ephpm/health");
        } catch (IOException refused) {
            // the listener may already be closing: also a refusal
        }
        if (late != null) {
            assertEquals(503, late.statusCode(), "new requests are refused while draining");
        }
        HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("slept\n", r.body());
        assertTrue(drained.get(15, TimeUnit.SECONDS), "every in-flight request finished");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5000, "shutdown took " + ms + " ms");
    }

    @Test
    @Order(3)
    void sigtermDrainsAndExitsZero() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.listen", "\"127.0.0.1:" + port + "\"");
        settings.put("server.document_root", TestServer.quote(server.docroot.toString()));
        settings.put("server.timeouts.shutdown", "\"10s\"");
        settings.put("server.logging.access_log", "\"off\"");
        Path config = work.resolve("sigterm.toml");
        Files.writeString(config, TestServer.toToml(settings));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-Xss4m",
                "-cp", classpath, "dev.ephpm.host.Main", "serve", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("sigterm.log").toFile())
                .start();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    if (client.send(HttpRequest.newBuilder(base.resolve("/_ephpm/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                assertTrue(System.nanoTime() < deadline, "server did not start: " + Files.readString(work.resolve("sigterm.log")));
                Thread.sleep(100);
            }
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/sleep.php?ms=1500")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            process.destroy(); // SIGTERM
            HttpResponse<String> r = inFlight.get(15, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("slept\n", r.body());
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "the process exits after draining");
            assertEquals(0, process.exitValue(), Files.readString(work.resolve("sigterm.log")));
        } finally {
            process.destroyForcibly();
        }
    }
}
