package dev.ephpm.host.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** 32 clients each increment one KV counter 500 times through a PHP page: no increment may be lost. */
class KvConcurrencyTest {
    @TempDir
    static Path work;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(work, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thirtyTwoClientsTimesFiveHundredIncrementsIsSixteenThousand() throws Exception {
        int clients = 32;
        int perClient = 500;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perClient; i++) {
                        HttpResponse<String> r = server.get("/counter.php?key=race");
                        if (r.statusCode() != 200) {
                            throw new AssertionError("status " + r.statusCode() + ": " + r.body());
                        }
                        ok++;
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertEquals(clients * perClient, total);
        } finally {
            pool.shutdownNow();
        }
        // the next increment sees every one before it
        assertEquals("16001\n", server.get("/counter.php?key=race").body());
        Map<String, Object> stats = Json.object(server.get("/kv-stats.php").body());
        System.out.println("KV after the concurrency test: " + stats);
    }
}
