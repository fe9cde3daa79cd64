package dev.ephpm.host.config;

import java.nio.file.Path;

/**
 * {@code [server.tls]}: HTTPS (HTTP/1.1 and HTTP/2 through ALPN) from a PEM certificate chain and private key, on
 * its own listener beside the plain one.
 *
 * @param cert   PEM file with the certificate, then any intermediates (as Let's Encrypt's fullchain.pem)
 * @param key    PEM private key: PKCS#8 ("BEGIN PRIVATE KEY"), PKCS#1 RSA or SEC1 EC, unencrypted
 * @param listen where the HTTPS listener binds
 */
public record TlsConfig(Path cert, Path key, ListenAddress listen) {
    public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("0.0.0.0", 8443);
}
