package dev.ephpm.host.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many PHP threads in one process (the ZTS build, whichever library the rest of the suite runs on): requests run
 * in parallel, each thread has its own PHP state, and a fatal error or a timeout in one thread leaves the others
 * serving.
 */
class PhpThreadsTest {
    static final int THREADS = 8;
    @TempDir
    static Path work;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(work, Map.of(
                "php.library", "\"zts\"",
                "php.workers", Integer.toString(THREADS),
                "php.max_execution_time", "\"2s\"",
                "server.timeouts.request", "\"20s\""));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void eightRequestsThatSleepOneSecondFinishInAboutOneSecond() throws Exception {
        assertTrue(server.config.php().threadSafe());
        server.get("/sleep.php?ms=1"); // warm-up: every later request finds a started engine
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            all.add(server.client.sendAsync(HttpRequest.newBuilder(server.uri("/sleep.php?ms=1000&i=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("slept\n", r.body());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // One PHP thread would need 8 s, four 2 s; eight need 1 s plus the requests' own overhead.
        assertTrue(seconds >= 1.0 && seconds < 2.0, "8 x sleep(1) on 8 PHP threads took " + seconds + " s");
    }

    /** The memory_limit cap holds on every PHP thread: eight requests at once, each holding its own thread. */
    @Test
    void noThreadLetsAScriptLiftMemoryLimit() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            all.add(server.client.sendAsync(HttpRequest.newBuilder(server.uri("/threads/cap.php?i=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        String limit = Long.toString(server.config.php().memoryLimit().bytes());
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("refused " + limit, r.body());
        }
    }

    @Test
    void everyResponseCarriesExactlyItsOwnRequestsState() throws Exception {
        int clients = 16;
        int perClient = 40;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < perClient; i++) {
                        String id = "c" + client + "-r" + i + "-" + Long.toHexString(System.nanoTime());
                        String body = "id=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
                        HttpResponse<String> r = server.send(HttpRequest.newBuilder(
                                        server.uri("/threads/echo.php?id=" + id))
                                .timeout(Duration.ofSeconds(30))
                                .header("X-Request-Id", id)
                                .header("Cookie", "id=" + id)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build());
                        assertEquals(200, r.statusCode(), r.body());
                        assertEquals(id, r.headers().firstValue("X-Echo-Id").orElse(null));
                        Map<String, Object> echo = Json.object(r.body());
                        assertEquals(id, echo.get("get"), r.body());
                        assertEquals(id, echo.get("post"), r.body());
                        assertEquals(id, echo.get("cookie"), r.body());
                        assertEquals(id, echo.get("header"), r.body());
                        assertEquals(id, echo.get("request"), r.body());
                        assertEquals("/threads/echo.php?id=" + id, echo.get("uri"), r.body());
                        assertEquals(body, echo.get("input"), r.body());
                        // nothing survives from an earlier request on the same thread
                        assertEquals(id, echo.get("leak"), r.body());
                        assertEquals(1L, echo.get("seen"), r.body());
                        assertEquals(null, echo.get("thread_define"), r.body());
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            assertEquals(clients * perClient, total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFatalAndTimeoutsInSomeThreadsLeaveTheOthersServing() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> busyLoop = async("/forever.php");
        CompletableFuture<HttpResponse<String>> longSleep = async("/threads/sleep-long.php?s=8");
        CompletableFuture<HttpResponse<String>> fatal = async("/fatal.php");
        // Meanwhile the other threads serve a steady stream of ordinary requests.
        int served = 0;
        while (!(busyLoop.isDone() && longSleep.isDone()) && System.nanoTime() - start < 15e9) {
            HttpResponse<String> r = server.get("/counter.php?key=threads:served");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(Integer.toString(++served), r.body().strip());
        }
        HttpResponse<String> f = fatal.get(20, TimeUnit.SECONDS);
        assertEquals(500, f.statusCode());
        HttpResponse<String> b = busyLoop.get(20, TimeUnit.SECONDS);
        HttpResponse<String> s = longSleep.get(20, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(b.statusCode() == 500 || b.statusCode() == 504, "busy loop: " + b.statusCode());
        assertTrue(s.statusCode() == 500 || s.statusCode() == 504, "long sleep: " + s.statusCode());
        assertFalse(s.body().contains("woke up"), s.body());
        // max_execution_time = 2s ended both (the ZTS build's timer is per thread and counts wall-clock time,
        // so it also ends a sleep); the 20 s request timeout did not have to.
        assertTrue(seconds < 6, "the timeouts took " + seconds + " s");
        assertTrue(served > 10, "only " + served + " ordinary requests were served meanwhile");
        // Every thread is healthy afterwards: 8 parallel sleeps still take about one sleep.
        long again = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            all.add(async("/sleep.php?ms=500&again=" + i));
        }
        for (CompletableFuture<HttpResponse<String>> r : all) {
            assertEquals("slept\n", r.get(20, TimeUnit.SECONDS).body());
        }
        double parallel = (System.nanoTime() - again) / 1e9;
        assertTrue(parallel < 1.6, "8 x 0.5 s after the failures took " + parallel + " s");
    }

    private static CompletableFuture<HttpResponse<String>> async(String path) {
        return server.client.sendAsync(HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
