package dev.ephpm.host.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an {@link SSLContext} from the PEM files every ACME client and {@code openssl} write, so users never
 * convert to a Java keystore. Accepts PKCS#8 keys ("BEGIN PRIVATE KEY": RSA, EC, Ed25519), PKCS#1 RSA keys and
 * SEC1 EC keys; the latter two are re-wrapped as PKCS#8, which is all the JDK reads. Checks that the key belongs
 * to the certificate, because a mismatch otherwise shows up only as failing handshakes.
 */
public final class PemSslContext {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemSslContext() {
    }

    /** A problem with one of the two files; {@link #isAboutKey()} tells which. */
    public static final class PemException extends Exception {
        private final boolean aboutKey;

        PemException(boolean aboutKey, String message) {
            super(message);
            this.aboutKey = aboutKey;
        }

        public boolean isAboutKey() {
            return aboutKey;
        }
    }

    public static SSLContext load(Path certFile, Path keyFile) throws PemException {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readKey(keyFile);
        checkPair(chain.getFirst(), key, keyFile);
        try {
            char[] password = new char[16];
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < password.length; i++) {
                password[i] = (char) ('a' + random.nextInt(26));
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("ephpm", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new PemException(true, "cannot use " + keyFile + " with " + certFile + ": " + e.getMessage());
        }
    }

    private static List<X509Certificate> readCertificates(Path file) throws PemException {
        byte[] bytes = read(file, false);
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new PemException(false, file + " holds no certificate (expected \"-----BEGIN CERTIFICATE-----\")");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new PemException(false, file + " is not a PEM certificate: " + e.getMessage());
        }
    }

    private static PrivateKey readKey(Path file) throws PemException {
        String text = new String(read(file, true), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new PemException(true, file + ": the " + type + " block is not valid base64");
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, file);
                case "RSA PRIVATE KEY":
                    return pkcs8(wrapPkcs8(sequence(OID_RSA, new byte[]{0x05, 0x00}), der), file);
                case "EC PRIVATE KEY":
                    return pkcs8(wrapPkcs8(sequence(OID_EC, ecCurveOid(der, file)), der), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new PemException(true, file + " is encrypted; decrypt it first: openssl pkey -in "
                            + file + " -out key.pem");
                default:
                    // e.g. "EC PARAMETERS" that openssl puts before the key
                    break;
            }
        }
        throw new PemException(true, file + " holds no private key (expected \"-----BEGIN PRIVATE KEY-----\")");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws PemException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new PemException(true, file + ": unsupported or corrupt private key");
    }

    private static void checkPair(X509Certificate cert, PrivateKey key, Path keyFile) throws PemException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "ephpm key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new PemException(true, keyFile + " is not the private key of the certificate "
                        + cert.getSubjectX500Principal().getName());
            }
        } catch (GeneralSecurityException e) {
            throw new PemException(true, keyFile + " does not match the certificate "
                    + cert.getSubjectX500Principal().getName() + " (" + e.getMessage() + ")");
        }
    }

    private static byte[] read(Path file, boolean key) throws PemException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PemException(key, "cannot read " + file + ": " + e);
        }
    }

    // ---- just enough DER to re-wrap PKCS#1 and SEC1 keys as PKCS#8

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key } */
    private static byte[] wrapPkcs8(byte[] algorithmIdentifier, byte[] key) {
        return tlv(0x30, concat(new byte[]{0x02, 0x01, 0x00}, algorithmIdentifier, tlv(0x04, key)));
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    /** ECPrivateKey ::= SEQUENCE { version, OCTET STRING, [0] ECParameters (the named curve OID), [1] ... } */
    private static byte[] ecCurveOid(byte[] der, Path file) throws PemException {
        try {
            int[] pos = {0};
            expect(der, pos, 0x30);
            readLength(der, pos);
            while (pos[0] < der.length) {
                int tag = der[pos[0]++] & 0xff;
                int len = readLength(der, pos);
                if (tag == 0xa0) {
                    byte[] oid = new byte[len];
                    System.arraycopy(der, pos[0], oid, 0, len);
                    return oid;
                }
                pos[0] += len;
            }
        } catch (RuntimeException e) {
            // fall through to the message
        }
        throw new PemException(true, file + ": EC key without a named curve; convert it: openssl pkcs8 -topk8 -nocrypt");
    }

    private static void expect(byte[] der, int[] pos, int tag) {
        if ((der[pos[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected DER tag");
        }
    }

    private static int readLength(byte[] der, int[] pos) {
        int first = der[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = first & 0x7f;
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (der[pos[0]++] & 0xff);
        }
        return len;
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
