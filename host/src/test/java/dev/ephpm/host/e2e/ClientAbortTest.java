package dev.ephpm.host.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A script whose client goes away mid-response ends at its next output, as under php-fpm, unless it set
 * ignore_user_abort; then it runs on and connection_aborted() tells it. stream-until-gone.php streams for ~5 s
 * and counts its rounds in the store, where these tests read what happened.
 */
class ClientAbortTest {
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
    void aScriptWhoseClientLeftEndsAtItsNextOutput() throws Exception {
        readSomeThenHangUp("/stream-until-gone.php?id=a");
        assertEquals("aborted", await("gone:a:shutdown"), "shutdown functions run, and see the abort");
        long rounds = Long.parseLong(kv("gone:a:rounds"));
        assertTrue(rounds < 5000, "the script stopped early, after " + rounds + " rounds");
        Thread.sleep(300);
        assertEquals(rounds, Long.parseLong(kv("gone:a:rounds")), "and is not running any more");
        assertEquals("(none)", kv("gone:a:noticed"));
    }

    @Test
    void withIgnoreUserAbortTheScriptRunsOnAndSeesConnectionAborted() throws Exception {
        readSomeThenHangUp("/stream-until-gone.php?id=b&ignore=1");
        assertEquals("aborted", await("gone:b:shutdown"));
        assertEquals("yes", kv("gone:b:noticed"), "connection_aborted() told the script, which stopped by itself");
    }

    private static void readSomeThenHangUp(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            long total = 0;
            while (total < 200_000) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            assertTrue(total >= 200_000, "the script was streaming (" + total + " bytes)");
        }
    }

    private static String kv(String key) throws Exception {
        return server.get("/kv-get.php?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)).body();
    }

    private static String await(String key) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        String value = kv(key);
        while (value.equals("(none)") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = kv(key);
        }
        return value;
    }
}
