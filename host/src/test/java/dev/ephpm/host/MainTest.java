package dev.ephpm.host;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line: help, version, config check with clear errors. */
class MainTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut;
    PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    @Test
    void versionAndHelp() {
        assertEquals(0, Main.run(new String[]{"--version"}));
        assertTrue(out.toString().startsWith("ephpm "), out.toString());
        out.reset();
        assertEquals(0, Main.run(new String[]{"--help"}));
        assertTrue(out.toString().contains("serve") && out.toString().contains("php"), out.toString());
        out.reset();
        assertEquals(0, Main.run(new String[]{"serve", "--help"}));
        assertTrue(out.toString().contains("--config"), out.toString());
    }

    @Test
    void checkAcceptsTheExample() {
        assertEquals(0, Main.run(new String[]{"serve", "--config", "../ephpm.toml.example", "--check"}));
        assertTrue(out.toString().contains("configuration OK"), out.toString());
    }

    @Test
    void aBadConfigExitsWithEveryProblemListed() throws Exception {
        Path bad = dir.resolve("ephpm.toml");
        Files.writeString(bad, "[server]\ndocument_root = \".\"\nlisten = \"nope\"\n[server.request]\nmax_body_size = \"ten\"\n");
        assertEquals(78, Main.run(new String[]{"serve", "--config", bad.toString()}));
        String e = err.toString();
        assertTrue(e.contains(bad + ": [server] listen: must be host:port"), e);
        assertTrue(e.contains(bad + ": [server.request] max_body_size: must be a size like \"10MiB\", was \"ten\""), e);
        assertEquals(78, Main.run(new String[]{"serve", "--config", dir.resolve("missing.toml").toString()}));
    }

    /** PHP only warns about an extension it cannot load and starts without it; the server refuses to. */
    @Test
    void anExtensionThatDoesNotLoadIsAConfigurationError() throws Exception {
        Path cfg = dir.resolve("ext.toml");
        Files.writeString(cfg, "[server]\ndocument_root = \".\"\nlisten = \"127.0.0.1:0\"\n"
                + "[server.logging]\naccess_log = \"off\"\n[php]\nextensions = [\"ephpm_no_such_ext\"]\n");
        assertEquals(78, Main.run(new String[]{"serve", "--config", cfg.toString()}));
        String e = err.toString();
        assertTrue(e.contains(cfg + ": [php] extensions: \"ephpm_no_such_ext\" did not load"), e);
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertEquals(2, Main.run(new String[]{"serve", "--bogus"}));
    }
}
