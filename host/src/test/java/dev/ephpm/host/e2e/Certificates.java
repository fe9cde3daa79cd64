package dev.ephpm.host.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Makes throw-away TLS material with openssl at test time; no private key is ever committed. */
final class Certificates {
    private Certificates() {
    }

    /** A self-signed EC certificate for localhost and 127.0.0.1; returns {cert, key} (PKCS#8 key). */
    static Path[] selfSigned(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"));
        return new Path[]{cert, key};
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed: " + out);
        }
    }
}
