package dev.ephpm.host.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PHP threads sharing the store at once: 16 threads each call ephpm_kv_incr 2,000 times on one key and the store
 * loses none; 8 threads overwrite one 4 KiB value in place while 8 read it, and no reader sees a torn value.
 */
class PhpThreadsKvTest {
    static final int THREADS = 16;
    static final int INCREMENTS = 2_000;
    @TempDir
    static Path work;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(work, Map.of("php.library", "\"zts\"", "php.workers", Integer.toString(THREADS)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sixteenThreadsTimesTwoThousandIncrementsGiveExactly32000() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            // incr.php waits at a barrier until all 16 have arrived, so the 16 loops really run at the same time
            all.add(server.client.sendAsync(HttpRequest.newBuilder(server.uri("/threads/incr.php?key=hits&parties="
                            + THREADS + "&n=" + INCREMENTS)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("done\n", r.body());
        }
        assertEquals("32001", server.get("/counter.php?key=hits").body().strip());
        assertEquals(Integer.toString(THREADS + 1), server.get("/counter.php?key=hits:arrived").body().strip());
    }

    @Test
    void readersNeverSeeATornValueWhileOtherThreadsOverwriteItInPlace() throws Exception {
        int writers = THREADS / 2;
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String role = i < writers ? "w" : "r";
            all.add(server.client.sendAsync(HttpRequest.newBuilder(server.uri("/threads/overwrite.php?role=" + role
                            + "&parties=" + THREADS + "&writers=" + writers + "&n=20000"))
                            .timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        long reads = 0;
        for (int i = 0; i < THREADS; i++) {
            HttpResponse<String> r = all.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            if (i < writers) {
                assertEquals("done\n", r.body());
            } else {
                assertTrue(r.body().matches("reads=\\d+ torn=0\n"), r.body());
                reads += Long.parseLong(r.body().substring(6, r.body().indexOf(' ')));
            }
        }
        assertTrue(reads >= 2_000, "the readers must overlap the writers to mean anything: " + reads + " reads");
    }
}
