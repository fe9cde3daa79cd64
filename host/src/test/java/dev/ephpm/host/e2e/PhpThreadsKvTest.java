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

/** 16 PHP threads each call ephpm_kv_incr 2,000 times on one key, all at once: the shared store loses none. */
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
}
