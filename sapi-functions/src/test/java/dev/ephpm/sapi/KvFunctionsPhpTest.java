package dev.ephpm.sapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PHPUnit suite in {@code src/test/php}: every {@code ephpm_kv_*} function called from PHP inside the real engine,
 * through the real host functions, on stores whose clock the tests move (no test sleeps). Also checks the IDE stub
 * {@code stubs/ephpm-kv.stub.php} against the functions the engine has.
 */
class KvFunctionsPhpTest {
    /**
     * Tests the suite holds, data-provider rows included. A suite that loads fewer (a file that stopped matching,
     * a provider that went empty) fails here; raise it when you add tests.
     */
    static final int EXPECTED_TESTS = 342;

    @Test
    @Timeout(600)
    void phpSuitePasses() throws Exception {
        PhpUnitRun run = PhpUnitRun.run(Path.of("target/phpunit/kv-functions.xml").toAbsolutePath(),
                "--configuration", KvTestEngine.PHP_TESTS.resolve("phpunit.xml").toString());
        assertTrue(run.problems(EXPECTED_TESTS).isEmpty(), () -> run.describe(EXPECTED_TESTS));
        System.out.print(run.output()); // the counts, in the surefire report
    }
}
