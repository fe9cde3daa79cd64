package dev.ephpm.host.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PEM keys in the formats openssl, certbot and cloud consoles produce; made with openssl at test time. */
class PemSslContextTest {
    @TempDir
    Path dir;

    void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    void certFor(String key, String cert) throws Exception {
        openssl("req", "-x509", "-key", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost");
    }

    @Test
    void pkcs8EcKey() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec8.pem");
        certFor("ec8.pem", "ec8.crt");
        assertTrue(Files.readString(dir.resolve("ec8.pem")).contains("BEGIN PRIVATE KEY"));
        assertNotNull(PemSslContext.load(dir.resolve("ec8.crt"), dir.resolve("ec8.pem")));
    }

    @Test
    void pkcs1RsaKey() throws Exception {
        openssl("genrsa", "-traditional", "-out", "rsa1.pem", "2048");
        certFor("rsa1.pem", "rsa1.crt");
        assertTrue(Files.readString(dir.resolve("rsa1.pem")).contains("BEGIN RSA PRIVATE KEY"));
        assertNotNull(PemSslContext.load(dir.resolve("rsa1.crt"), dir.resolve("rsa1.pem")));
    }

    @Test
    void sec1EcKeyWithParameters() throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "sec1.pem");
        certFor("sec1.pem", "sec1.crt");
        assertTrue(Files.readString(dir.resolve("sec1.pem")).contains("BEGIN EC PRIVATE KEY"));
        assertNotNull(PemSslContext.load(dir.resolve("sec1.crt"), dir.resolve("sec1.pem")));
    }

    @Test
    void ed25519Key() throws Exception {
        openssl("genpkey", "-algorithm", "ED25519", "-out", "ed.pem");
        certFor("ed.pem", "ed.crt");
        assertNotNull(PemSslContext.load(dir.resolve("ed.crt"), dir.resolve("ed.pem")));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "a.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "b.pem");
        certFor("a.pem", "a.crt");
        PemSslContext.PemException e = assertThrows(PemSslContext.PemException.class,
                () -> PemSslContext.load(dir.resolve("a.crt"), dir.resolve("b.pem")));
        assertTrue(e.isAboutKey());
        assertTrue(e.getMessage().contains("is not the private key of the certificate"), e.getMessage());
    }

    @Test
    void encryptedAndMissingKeysAreExplained() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass", "pass:x", "-out", "enc.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "plain.pem");
        certFor("plain.pem", "plain.crt");
        PemSslContext.PemException enc = assertThrows(PemSslContext.PemException.class,
                () -> PemSslContext.load(dir.resolve("plain.crt"), dir.resolve("enc.pem")));
        assertTrue(enc.getMessage().contains("is encrypted"), enc.getMessage());
        PemSslContext.PemException notCert = assertThrows(PemSslContext.PemException.class,
                () -> PemSslContext.load(dir.resolve("plain.pem"), dir.resolve("plain.pem")));
        assertTrue(!notCert.isAboutKey());
    }
}
