package dev.ephpm.sapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness behind {@link KvFunctionsPhpTest} must not let a bad PHP run pass: each test of the fixture
 * {@code src/test/phpunit-harness/HarnessFixtureTest.php} goes wrong in one way, and its run must be reported with
 * that problem.
 */
class PhpUnitRunTest {
    private static final Path FIXTURES = Path.of("src/test/phpunit-harness").toAbsolutePath();

    /** Runs the fixture tests whose names match {@code filter}. */
    private static PhpUnitRun run(String filter) throws Exception {
        return runPath(FIXTURES.resolve("HarnessFixtureTest.php"), "--filter", "/::(" + filter + ")$/");
    }

    private static PhpUnitRun runPath(Path path, String... options) throws Exception {
        String[] args = new String[options.length + 2];
        args[0] = "--no-configuration";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = path.toString();
        return PhpUnitRun.run(Path.of("target/phpunit/harness.xml").toAbsolutePath(), args);
    }

    @Test
    void aPassingRunWithTheExpectedCountIsClean() throws Exception {
        PhpUnitRun run = run("testPasses");
        assertEquals(List.of(), run.problems(1), run.describe(1));
        assertNotNull(run.totals());
        assertEquals(1, run.totals().assertions());
        assertTrue(run.output().contains("OK (1 test, 1 assertion)"), run.output());
    }

    @Test
    void aPassingRunWithAnotherCountIsNot() throws Exception {
        assertEquals(List.of("1 tests ran, expected 2"), run("testPasses").problems(2));
    }

    @Test
    void aFailureShowsWhatFailed() throws Exception {
        PhpUnitRun run = run("testPasses|testFails");
        assertEquals(List.of("PHPUnit exited with status 1", "1 failed"), run.problems(2));
        assertTrue(run.output().contains("-'expected'") && run.output().contains("+'actual'"),
                "the output shows the diff, unescaped: " + run.output());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            testThrows         | 2 | 1 errors (risky tests are logged as errors)
            testSkips          | 1 | 1 skipped or incomplete
            testIsIncomplete   | 1 | 1 skipped or incomplete
            testAssertsNothing | 1 | 1 errors (risky tests are logged as errors)
            testWarns          | 1 | 1 warnings
            """)
    void aTestThatDidNotPassFailsTheRun(String fixture, int exitStatus, String problem) throws Exception {
        PhpUnitRun run = run(fixture);
        assertEquals(List.of("PHPUnit exited with status " + exitStatus, problem), run.problems(1), run.describe(1));
    }

    @Test
    void aRunCutShortWithExitStatusZero() throws Exception {
        PhpUnitRun run = run("testExits");
        assertEquals(0, run.exitStatus());
        assertEquals(List.of("PHPUnit wrote no complete JUnit log"), run.problems(1), run.describe(1));
    }

    @Test
    void anEmptySuite() throws Exception {
        PhpUnitRun run = runPath(FIXTURES.resolve("empty"));
        assertTrue(run.problems(1).contains("0 tests ran, expected 1"), run.describe(1));
    }
}
