package dev.ephpm.sapi;

import dev.ephpm.bridge.PhpRequest;
import dev.ephpm.bridge.PhpRuntime;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of Debian's PHPUnit 9.6 ({@code /usr/bin/phpunit}) as a command-line request inside the test engine, and
 * how it went: its exit status, its console output, the totals of its JUnit log, and what PHP logged meanwhile.
 *
 * <p>A run is clean only when everything ran and passed: PHPUnit exited 0, and no test failed, errored, warned,
 * was skipped, incomplete or risky (risky tests are logged as errors because beStrictAboutTestsThatDoNotTestAnything
 * is on by default, and {@code --fail-on-risky} turns them into a non-zero exit too), and exactly the expected
 * number of tests ran, so an emptied or half-loaded suite cannot pass.
 *
 * @param exitStatus PHPUnit's exit status (255 after a PHP fatal error)
 * @param output     what PHPUnit printed: progress, failure details and summary
 * @param phpLog     messages PHP logged during the run (a fatal error that stopped PHPUnit shows up here)
 * @param totals     the top-level test suite of the JUnit log, or null when PHPUnit wrote none
 */
record PhpUnitRun(int exitStatus, String output, List<String> phpLog, Totals totals) {

    /** The counters PHPUnit writes on the top-level {@code <testsuite>} of its JUnit log. */
    record Totals(int tests, int assertions, int failures, int errors, int warnings, int skipped) {
    }

    /**
     * Runs PHPUnit with {@code args} (paths, options) after the options every run gets: no colours, no result
     * cache, a JUnit log, and failure on anything short of a pass.
     */
    static PhpUnitRun run(Path junitLog, String... args) throws Exception {
        PhpRuntime runtime = KvTestEngine.runtime();
        Files.createDirectories(junitLog.getParent());
        Files.deleteIfExists(junitLog);
        List<String> argv = new ArrayList<>(List.of(KvTestEngine.PHPUNIT.toString(),
                "--colors=never", "--do-not-cache-result", "--log-junit", junitLog.toString(),
                "--fail-on-warning", "--fail-on-risky", "--fail-on-skipped", "--fail-on-incomplete"));
        argv.addAll(List.of(args));
        int logBefore = KvTestEngine.LOG.size();
        PhpRuntime.BufferedResult result = runtime.execute(PhpRequest.script(KvTestEngine.PHPUNIT)
                .cli(true)
                .argv(argv)
                .serverVariable("PHP_SELF", KvTestEngine.PHPUNIT.toString())
                .serverVariable("SCRIPT_NAME", KvTestEngine.PHPUNIT.toString())
                .serverVariable("SCRIPT_FILENAME", KvTestEngine.PHPUNIT.toString())
                .build());
        List<String> log = List.copyOf(KvTestEngine.LOG.subList(logBefore, KvTestEngine.LOG.size()));
        return new PhpUnitRun(result.result().exitStatus(), unescape(result.body()), log, readTotals(junitLog));
    }

    /**
     * PHPUnit's printer escapes its output with {@code htmlspecialchars(ENT_COMPAT)} under any SAPI but cli and
     * phpdbg (see KvTestEngine for why the engine is not named cli); this is the exact inverse, for reading.
     */
    private static String unescape(String printed) {
        return printed.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    /** The totals, or null when there is no complete log (PHPUnit writes it at the end, so a fatal error leaves none). */
    private static Totals readTotals(Path junitLog) throws Exception {
        if (!Files.isRegularFile(junitLog) || Files.size(junitLog) == 0) {
            return null;
        }
        DocumentBuilder parser = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        parser.setErrorHandler(null); // a broken log is reported as a problem, not printed by the parser
        Element root;
        try {
            root = parser.parse(junitLog.toFile()).getDocumentElement();
        } catch (SAXException e) {
            return null;
        }
        Element suite = null;
        for (var n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("testsuite")) {
                suite = e;
                break;
            }
        }
        if (suite == null) {
            return new Totals(0, 0, 0, 0, 0, 0);
        }
        return new Totals(count(suite, "tests"), count(suite, "assertions"), count(suite, "failures"),
                count(suite, "errors"), count(suite, "warnings"), count(suite, "skipped"));
    }

    private static int count(Element suite, String attribute) {
        String v = suite.getAttribute(attribute);
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }

    /** Why this run does not count as "all {@code expectedTests} tests ran and passed"; empty when it does. */
    List<String> problems(int expectedTests) {
        if (expectedTests < 1) {
            throw new IllegalArgumentException("a suite that may run no test proves nothing: expected " + expectedTests);
        }
        List<String> problems = new ArrayList<>();
        if (exitStatus != 0) {
            problems.add("PHPUnit exited with status " + exitStatus);
        }
        if (totals == null) {
            problems.add("PHPUnit wrote no complete JUnit log");
        } else {
            if (totals.tests() != expectedTests) {
                problems.add(totals.tests() + " tests ran, expected " + expectedTests);
            }
            if (totals.failures() != 0) {
                problems.add(totals.failures() + " failed");
            }
            if (totals.errors() != 0) {
                problems.add(totals.errors() + " errors (risky tests are logged as errors)");
            }
            if (totals.warnings() != 0) {
                problems.add(totals.warnings() + " warnings");
            }
            if (totals.skipped() != 0) {
                problems.add(totals.skipped() + " skipped or incomplete");
            }
        }
        if (!phpLog.isEmpty()) {
            problems.add("PHP logged " + phpLog.size() + " message(s)");
        }
        return problems;
    }

    /** The problems, PHPUnit's output and PHP's log, for an assertion message. */
    String describe(int expectedTests) {
        return String.join("; ", problems(expectedTests)) + "\n--- PHPUnit output ---\n" + output
                + (phpLog.isEmpty() ? "" : "--- PHP log ---\n" + String.join("\n", phpLog) + "\n");
    }
}
