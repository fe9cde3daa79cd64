package dev.ephpm.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the shared extensions Debian enabled for a SAPI ({@code /etc/php/8.2/embed/conf.d}: one
 * {@code extension=} or {@code zend_extension=} line per installed php8.2-* package, in priority order), without
 * reading any other setting from those files.
 */
public final class PhpExtensions {
    public static final Path DEBIAN_EMBED_CONF_D = Path.of("/etc/php/8.2/embed/conf.d");

    private PhpExtensions() {
    }

    /** The {@code extension} / {@code zend_extension} entries of the {@code *.ini} files in {@code confD}, in order. */
    public static List<Map.Entry<String, String>> enabledIn(Path confD) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (!Files.isDirectory(confD)) {
            return out;
        }
        try (Stream<Path> files = Files.list(confD)) {
            for (Path ini : files.filter(p -> p.getFileName().toString().endsWith(".ini")).sorted().toList()) {
                for (String raw : Files.readAllLines(ini)) {
                    String line = raw.strip();
                    int eq = line.indexOf('=');
                    if (line.startsWith(";") || eq < 0) {
                        continue;
                    }
                    String key = line.substring(0, eq).strip();
                    String value = line.substring(eq + 1).strip().replace("\"", "");
                    if (key.equals("extension") || key.equals("zend_extension")) {
                        out.add(Map.entry(key, value));
                    }
                }
            }
        } catch (IOException e) {
            throw new PhpStartupException("cannot read " + confD + ": " + e.getMessage(), e);
        }
        return out;
    }
}
