package dev.ephpm.host.config;

import dev.ephpm.host.routing.TryTarget;
import dev.ephpm.kv.EvictionPolicy;
import dev.ephpm.host.php.ZtsBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    static final Path EXAMPLE = Path.of("..", "ephpm.toml.example").toAbsolutePath().normalize();

    EphpmConfig parse(String toml) {
        return ConfigLoader.parse(toml, "ephpm.toml", dir, Map.of());
    }

    EphpmConfig parse(String toml, Map<String, String> env) {
        return ConfigLoader.parse(toml, "ephpm.toml", dir, env);
    }

    ConfigException fails(String toml) {
        return assertThrows(ConfigException.class, () -> parse(toml));
    }

    String publicDir() throws Exception {
        Files.createDirectories(dir.resolve("public"));
        return "";
    }

    @Test
    void defaultsAreTypedAndSensible() throws Exception {
        publicDir();
        EphpmConfig c = parse("");
        ServerConfig s = c.server();
        assertEquals(new ListenAddress("0.0.0.0", 8080), s.listen());
        assertEquals(dir.resolve("public"), s.documentRoot());
        assertEquals(List.of("index.php", "index.html"), s.indexFiles());
        assertEquals(List.of(new TryTarget.RequestedFile(), new TryTarget.RequestedDirectory(),
                new TryTarget.Rewrite("/index.php?$query_string")), s.fallback());
        assertEquals(10L << 20, s.request().maxBodySize().bytes());
        assertEquals(Duration.ofSeconds(60), s.timeouts().request());
        assertEquals(Duration.ofSeconds(30), s.timeouts().shutdown());
        assertTrue(s.statics().denyHiddenFiles());
        assertTrue(s.statics().etag());
        assertNull(s.tls());
        assertEquals("info", s.logging().level());
        assertTrue(s.metrics().enabled());
        // library = "auto": the ZTS build when this machine has one (CI builds it), else Debian's NTS library
        java.util.Optional<Path> zts = ZtsBuild.installed();
        assertEquals(zts.orElse(PhpConfig.DEFAULT_LIBRARY), c.php().library());
        assertEquals(zts.isPresent(), c.php().threadSafe());
        assertEquals(zts.isPresent() ? 2 * Runtime.getRuntime().availableProcessors() : 1, c.php().workers(),
                "2 PHP threads per core with ZTS; Debian's NTS libphp allows one");
        assertEquals(128L << 20, c.php().memoryLimit().bytes());
        assertEquals(256L << 20, c.kv().memoryLimitBytes());
        assertEquals(EvictionPolicy.ALLKEYS, c.kv().evictionPolicy());
    }

    @Test
    void everyKeyIsReadTypedAndValidated() throws Exception {
        Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("shared"));
        EphpmConfig c = parse("""
                [server]
                listen = "127.0.0.1:9000"
                document_root = "www"
                index_files = ["index.html"]
                fallback = ["$uri", "=404"]
                symlink_targets = ["shared"]
                io_threads = 3
                http2 = false
                [server.request]
                max_body_size = "50MiB"
                body_buffer_size = "512KiB"
                max_header_size = 32768
                max_headers = 50
                [server.timeouts]
                request = "1m30s"
                header = "500ms"
                idle = "2m"
                shutdown = "0s"
                [server.static]
                hidden_files = "allow"
                etag = false
                cache_control = "public, max-age=600"
                [server.compression]
                enabled = false
                level = 9
                min_size = "2K"
                types = ["text/html"]
                [server.logging]
                level = "DEBUG"
                format = "json"
                access_log = "logs/access.log"
                access_log_format = "json"
                [server.metrics]
                enabled = false
                path = "/metrics"
                [php]
                workers = 1
                queue_size = 10
                memory_limit = "256M"
                max_execution_time = "0s"
                retry_after = "5s"
                opcache = false
                system_ini = true
                distro_extensions = false
                extensions = ["mbstring"]
                [php.ini]
                display_errors = true
                opcache.validate_timestamps = 0
                "date.timezone" = "UTC"
                [kv]
                memory_limit = "1GiB"
                eviction_policy = "noeviction"
                max_key_size = "1KiB"
                max_value_size = "1MiB"
                """);
        ServerConfig s = c.server();
        assertEquals(new ListenAddress("127.0.0.1", 9000), s.listen());
        assertEquals(dir.resolve("www"), s.documentRoot());
        assertEquals(List.of(new TryTarget.RequestedFile(), new TryTarget.Status(404)), s.fallback());
        assertEquals(List.of(dir.resolve("shared")), s.symlinkTargets());
        assertEquals(3, s.ioThreads());
        assertFalse(s.http2());
        assertEquals(50L << 20, s.request().maxBodySize().bytes());
        assertEquals(512L << 10, s.request().bodyBufferSize().bytes());
        assertEquals(32768, s.request().maxHeaderSize().bytes());
        assertEquals(50, s.request().maxHeaders());
        assertEquals(Duration.ofSeconds(90), s.timeouts().request());
        assertEquals(Duration.ofMillis(500), s.timeouts().header());
        assertEquals(Duration.ZERO, s.timeouts().shutdown());
        assertFalse(s.statics().denyHiddenFiles());
        assertEquals("public, max-age=600", s.statics().cacheControl());
        assertEquals(9, s.compression().level());
        assertEquals(2048, s.compression().minSize().bytes());
        assertEquals("debug", s.logging().level());
        assertEquals(dir.resolve("logs/access.log").toString(), s.logging().accessLog());
        assertEquals("/metrics", s.metrics().path());
        assertEquals(10, c.php().queueSize());
        assertEquals(256L << 20, c.php().memoryLimit().bytes());
        assertEquals(Duration.ZERO, c.php().maxExecutionTime());
        assertEquals(List.of("mbstring"), c.php().extensions());
        assertEquals(Map.of("display_errors", "1", "opcache.validate_timestamps", "0", "date.timezone", "UTC"), c.php().ini());
        assertEquals(1L << 30, c.kv().memoryLimitBytes());
        assertEquals(EvictionPolicy.NOEVICTION, c.kv().evictionPolicy());
        assertEquals(1024, c.kv().maxKeyBytes());
    }

    @Test
    void badValuesNameTheFileTheTableAndTheKey() throws Exception {
        publicDir();
        assertEquals(List.of("ephpm.toml: [server.request] max_body_size: must be a size like \"10MiB\", was \"ten\""),
                fails("[server.request]\nmax_body_size = \"ten\"").problems());
        assertEquals(List.of("ephpm.toml: [server.timeouts] request: must be a duration like \"1m\" (ms, s, m, h), was 30"),
                fails("[server.timeouts]\nrequest = 30").problems());
        assertEquals(List.of("ephpm.toml: [server] http2: must be true or false, was \"yes\""),
                fails("[server]\nhttp2 = \"yes\"").problems());
        assertEquals(List.of("ephpm.toml: [php] ini: \"memory_limit\": set it with [php] memory_limit, which also sizes"
                        + " the PHP thread stacks (scripts cannot raise it past that value)"),
                fails("[php.ini]\nmemory_limit = \"-1\"").problems());
        assertEquals(List.of("ephpm.toml: [server.compression] level: must be between 1 and 9, was 12"),
                fails("[server.compression]\nlevel = 12").problems());
        assertEquals(List.of("ephpm.toml: [server] listen: must be host:port like \"0.0.0.0:8080\" (the port is not a number), was \"localhost:http\""),
                fails("[server]\nlisten = \"localhost:http\"").problems());
        assertTrue(fails("[server]\ndocument_root = \"nowhere\"").problems().getFirst()
                .startsWith("ephpm.toml: [server] document_root: no such directory: "));
        assertTrue(fails("[server]\nfallback = [\"=404\", \"$uri\"]").problems().getFirst()
                .contains("[server] fallback: a status such as \"=404\" can only be the last entry"));
        assertTrue(fails("[server.tls]\ncert = \"cert.pem\"").problems().getFirst()
                .contains("[server.tls] key: must be set together with cert"));
        assertTrue(fails("[kv]\neviction_policy = \"lru\"").problems().getFirst()
                .contains("[kv] eviction_policy: must be allkeys-lru, allkeys-lfu or noeviction"));
        assertTrue(fails("[server.logging]\nlevel = \"verbose\"").problems().getFirst()
                .contains("[server.logging] level: must be one of trace, debug, info, warn, error, was \"verbose\""));
        // an access log that cannot be written stops start-up instead of losing every line; missing directories
        // are fine (the writer creates them), a file where a directory should be is not
        assertEquals(dir.resolve("new/dirs/access.log").toString(),
                parse("[server.logging]\naccess_log = \"new/dirs/access.log\"").server().logging().accessLog());
        Files.writeString(dir.resolve("afile"), "");
        assertEquals(List.of("ephpm.toml: [server.logging] access_log: \"" + dir.resolve("afile/sub/access.log")
                        + "\" cannot be created: \"" + dir.resolve("afile") + "\" is not a directory"),
                fails("[server.logging]\naccess_log = \"afile/sub/access.log\"").problems());
        assertEquals(List.of("ephpm.toml: [server.logging] access_log: \"" + dir.resolve("public")
                        + "\" is a directory, not a file"),
                fails("[server.logging]\naccess_log = \"public\"").problems());
    }

    @Test
    void unknownKeysAndSectionsStopStartUp() throws Exception {
        publicDir();
        List<String> p = fails("[server]\nlistn = \"0.0.0.0:1\"\n[servr.request]\n[server.request]\nmax_body = 1").problems();
        assertTrue(p.stream().anyMatch(m -> m.startsWith("ephpm.toml: [server] listn: unknown key (did you mean listen?)")), p.toString());
        assertTrue(p.stream().anyMatch(m -> m.startsWith("ephpm.toml: [servr]: unknown section (did you mean [server]?)")), p.toString());
        assertTrue(p.stream().anyMatch(m -> m.startsWith("ephpm.toml: [server.request] max_body: unknown key")), p.toString());
        assertEquals(3, p.size(), "every problem is reported at once: " + p);
    }

    @Test
    void tomlSyntaxErrorsGiveTheLine() {
        List<String> p = fails("[server]\nlisten = \n").problems();
        assertTrue(p.getFirst().startsWith("ephpm.toml:2:"), p.toString());
    }

    @Test
    void environmentOverridesAnyKey() throws Exception {
        publicDir();
        EphpmConfig c = parse("[server]\nlisten = \"0.0.0.0:1\"\n", Map.of(
                "EPHPM_SERVER__LISTEN", "127.0.0.1:7000",
                "EPHPM_SERVER__REQUEST__MAX_BODY_SIZE", "20MiB",
                "EPHPM_SERVER__HTTP2", "false",
                "EPHPM_SERVER__INDEX_FILES", "app.php, index.html",
                "EPHPM_PHP__QUEUE_SIZE", "7",
                "EPHPM_PHP__INI__OPCACHE__ENABLE", "0",
                "EPHPM_KV__EVICTION_POLICY", "noeviction",
                "EPHPM_HOME", "/opt/ephpm",
                "PATH", "/usr/bin"));
        assertEquals(new ListenAddress("127.0.0.1", 7000), c.server().listen());
        assertEquals(20L << 20, c.server().request().maxBodySize().bytes());
        assertFalse(c.server().http2());
        assertEquals(List.of("app.php", "index.html"), c.server().indexFiles());
        assertEquals(7, c.php().queueSize());
        assertEquals("0", c.php().ini().get("opcache.enable"));
        assertEquals(EvictionPolicy.NOEVICTION, c.kv().evictionPolicy());
    }

    @Test
    void badEnvironmentValuesAndUnknownVariablesAreNamed() throws Exception {
        publicDir();
        ConfigException e = assertThrows(ConfigException.class, () -> parse("", Map.of(
                "EPHPM_SERVER__REQUEST__MAX_BODY_SIZE", "lots",
                "EPHPM_SERVER__LISTN", "x")));
        assertTrue(e.problems().contains("environment EPHPM_SERVER__REQUEST__MAX_BODY_SIZE: [server.request] max_body_size:"
                + " must be a size like \"10MiB\", was \"lots\""), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("environment EPHPM_SERVER__LISTN: no such setting")),
                e.problems().toString());
    }

    @Test
    void moreThanOnePhpWorkerWithTheNtsLibraryIsExplained() throws Exception {
        publicDir();
        assertEquals(List.of("ephpm.toml: [php] workers: Debian's libphp8.2 is not thread-safe (NTS): use workers = 1"
                        + " or a ZTS build (./ephpm build-php)"),
                fails("[php]\nlibrary = \"nts\"\nworkers = 4").problems());
        assertTrue(fails("[php]\nlibrary = \"/nonexistent/libphp.so\"").problems().getFirst()
                .contains("[php] library: no such file: /nonexistent/libphp.so"));
    }

    @Test
    void libraryKeywordsChooseBetweenDebiansNtsAndTheZtsBuild() throws Exception {
        publicDir();
        EphpmConfig nts = parse("[php]\nlibrary = \"nts\"");
        assertEquals(PhpConfig.DEFAULT_LIBRARY, nts.php().library());
        assertFalse(nts.php().threadSafe());
        assertEquals(1, nts.php().workers());
        // "zts" builds the library first when it is missing (CI builds it before the tests, so this finds it)
        EphpmConfig zts = parse("[php]\nlibrary = \"zts\"\nworkers = 8");
        assertEquals(ZtsBuild.installed().orElseThrow(), zts.php().library());
        assertTrue(zts.php().threadSafe());
        assertEquals(8, zts.php().workers());
        assertEquals(List.of("ephpm.toml: [php] library: must be \"auto\", \"nts\", \"zts\" or the path of a libphp"),
                fails("[php]\nlibrary = \"\"").problems());
    }

    @Test
    void theExampleServesExamplesAndListsEveryKeyWithItsDefault() throws Exception {
        EphpmConfig example = ConfigLoader.load(EXAMPLE, Map.of());
        assertEquals(EXAMPLE.getParent().resolve("examples/plain"), example.server().documentRoot());
        // apart from document_root, the example holds exactly the defaults
        Files.createDirectories(dir.resolve("public"));
        EphpmConfig defaults = parse("");
        assertEquals(defaults.server().withoutPaths(), example.server().withoutPaths());
        assertEquals(defaults.php(), example.php());
        assertEquals(defaults.kv(), example.kv());
        // and it lists every key
        String text = Files.readString(EXAMPLE);
        Set<String> documented = new java.util.HashSet<>();
        String table = "";
        Matcher m = Pattern.compile("(?m)^\\s*(?:\\[([a-z.]+)]|([a-z_0-9]+)\\s*=)").matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                table = m.group(1);
                documented.add(table);
            } else {
                documented.add(table + "." + m.group(2));
            }
        }
        for (String key : ConfigLoader.knownKeys()) {
            assertTrue(documented.contains(key), "ephpm.toml.example does not list " + key);
        }
        // and every line has a comment
        for (String line : text.lines().toList()) {
            if (line.matches("\\s*[a-z_0-9]+\\s*=.*")) {
                assertTrue(line.contains("#"), "no comment on: " + line);
            }
        }
    }

    @Test
    void sizesAndDurationsParse() {
        assertEquals(10L << 20, ByteSize.parse("10MiB").bytes());
        assertEquals(512L << 10, ByteSize.parse("512 KiB").bytes());
        assertEquals(1536L << 20, ByteSize.parse("1.5G").bytes());
        assertEquals(100, ByteSize.parse("100").bytes());
        assertEquals(128L << 20, ByteSize.parse("128M").bytes());
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("ten"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("99999999T"));
        assertEquals("10MiB", ByteSize.ofMiB(10).toString());
        assertEquals(Duration.ofMillis(90_500), ConfigSection.parseDuration("1m30s500ms"));
        assertEquals(Duration.ofHours(2), ConfigSection.parseDuration("2h"));
        assertNull(ConfigSection.parseDuration("30"));
        assertNull(ConfigSection.parseDuration("1d"));
        assertEquals("1m30s", ConfigSection.formatDuration(Duration.ofSeconds(90)));
    }
}
