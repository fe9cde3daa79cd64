package dev.ephpm.host.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A server listening on IPv6 loopback gives PHP the addresses in the form nginx and php-fpm use. */
class Ipv6RequestTest {
    @TempDir
    static Path work;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(work, Map.of("server.listen", "\"[::1]:0\""));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void addressesAreWrittenShort() throws Exception {
        HttpResponse<String> r = server.client.send(HttpRequest.newBuilder(
                URI.create("http://[::1]:" + server.port + "/env.php")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> s = Json.map(Json.object(r.body()), "server");
        assertEquals("::1", s.get("REMOTE_ADDR"));
        assertEquals("::1", s.get("SERVER_ADDR"));
    }
}
