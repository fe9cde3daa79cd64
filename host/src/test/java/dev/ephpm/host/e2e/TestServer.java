package dev.ephpm.host.e2e;

import dev.ephpm.host.EphpmServer;
import dev.ephpm.host.config.ConfigLoader;
import dev.ephpm.host.config.EphpmConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real ePHPm server on a loopback port, with the real libphp, serving a copy of the test document root
 * (src/test/resources/docroot) made in a temporary directory, where tests may add files, hidden files and symlinks.
 * Configured through real TOML, so the tests also go through the loader.
 */
final class TestServer implements AutoCloseable {
    final Path workDir;
    final Path docroot;
    final EphpmConfig config;
    final EphpmServer server;
    final URI base;
    final int port;
    final HttpClient client;

    private TestServer(Path workDir, Path docroot, EphpmConfig config, EphpmServer server) {
        this.workDir = workDir;
        this.docroot = docroot;
        this.config = config;
        this.server = server;
        this.port = server.httpAddress().getPort();
        this.base = URI.create("http://127.0.0.1:" + port);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A fresh copy of the test document root, for tests that set up files before the server starts. */
    static Path prepareDocroot(Path workDir) {
        try {
            Path source = Path.of(TestServer.class.getResource("/docroot").toURI());
            Path target = workDir.resolve("docroot");
            copyTree(source, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a server. {@code settings} are "table.key" to TOML literal, e.g.
     * {@code "server.timeouts.request" -> "\"2s\""}; they override the test defaults.
     */
    static TestServer start(Path workDir, Map<String, String> settings) {
        Path docroot = Files.isDirectory(workDir.resolve("docroot")) ? workDir.resolve("docroot") : prepareDocroot(workDir);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.listen", "\"127.0.0.1:0\"");
        all.put("server.document_root", quote(docroot.toString()));
        all.put("server.io_threads", "2");
        all.put("server.logging.access_log", "\"off\"");
        all.put("server.timeouts.shutdown", "\"5s\"");
        // The suite runs once per libphp (scripts/test-all.sh): Debian's NTS one and the ZTS build.
        all.put("php.library", quote(System.getProperty("ephpm.php.library", "auto")));
        all.putAll(settings);
        String toml = toToml(all);
        Path file = workDir.resolve("ephpm.toml");
        try {
            Files.writeString(file, toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EphpmConfig config = ConfigLoader.load(file, Map.of());
        return new TestServer(workDir, docroot, config, EphpmServer.start(config));
    }

    static String toToml(Map<String, String> settings) {
        Map<String, StringBuilder> tables = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            int dot = k.lastIndexOf('.');
            tables.computeIfAbsent(k.substring(0, dot), t -> new StringBuilder())
                    .append(k.substring(dot + 1)).append(" = ").append(v).append('\n');
        });
        StringBuilder out = new StringBuilder();
        tables.forEach((t, body) -> out.append('[').append(t).append("]\n").append(body).append('\n'));
        return out.toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Runs curl (for HTTP/2 and TLS, which the JDK client does not cover as we need) and returns its stdout. */
    static String curl(List<String> args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes());
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException("curl " + args + " failed (" + rc + "): " + err);
        }
        return new String(out);
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(5));
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
