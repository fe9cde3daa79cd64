package dev.ephpm.bridge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a script can fail is contained: the request reports it, and the same runtime then serves a normal
 * request correctly.
 */
class FailureTest {
    private final PhpRuntime php = TestRuntime.get();

    private PhpRuntime.BufferedResult run(String code) {
        return php.execute(PhpRequest.code(code).build());
    }

    private static boolean anyContains(PhpResult r, String text) {
        return r.errors().stream().anyMatch(e -> e.contains(text));
    }

    @AfterEach
    void nextRequestIsHealthy() {
        var r = php.execute(PhpRequest.code("<?php echo json_encode([http_response_code(), ini_get('memory_limit'),"
                + " t_add(1, 2), str_repeat('ok', 2)]);").uri("/?after=1").build());
        assertEquals(200, r.status());
        assertEquals(0, r.result().exitStatus());
        assertEquals("[200,\"128M\",3,\"okok\"]", r.body());
        assertTrue(r.result().errors().isEmpty(), r.result().errors().toString());
    }

    @Test
    void fatalError() {
        var r = run("<?php echo 'before'; undefined_function_xyz();");
        assertEquals(500, r.status());
        assertEquals(255, r.result().exitStatus());
        assertTrue(anyContains(r.result(), "Call to undefined function undefined_function_xyz()"), r.result().errors().toString());
    }

    @Test
    void uncaughtException() {
        var r = run("<?php throw new RuntimeException('boom');");
        assertEquals(500, r.status());
        assertEquals(255, r.result().exitStatus());
        assertTrue(anyContains(r.result(), "Uncaught RuntimeException: boom"));
    }

    @Test
    void exitWithStatus() {
        var r = run("<?php echo 'bye'; exit(3);");
        assertEquals(200, r.status());
        assertEquals(3, r.result().exitStatus());
        assertEquals("bye", r.body());
    }

    @Test
    void memoryLimitExhausted() {
        var r = run("<?php ini_set('memory_limit', '16M'); $a = []; while (true) { $a[] = str_repeat('x', 100000); }");
        assertEquals(500, r.status());
        assertTrue(anyContains(r.result(), "Allowed memory size of 16777216 bytes exhausted"), r.result().errors().toString());
    }

    /**
     * With the cap on, a script can lower memory_limit and raise it back, but not lift it or raise it past the
     * start-up value; the refusal is a warning and ini_set's false, and the limit stays where it was.
     */
    @Test
    void memoryLimitCannotBeRaisedPastStartup() {
        var r = run("<?php $r = [ini_set('memory_limit', '-1'), ini_get('memory_limit'), ini_set('memory_limit', '1G'),"
                + " ini_set('memory_limit', '')];"
                + " $r[] = ini_set('memory_limit', '64M'); $r[] = ini_get('memory_limit');"
                + " $r[] = ini_set('memory_limit', '134217728'); $r[] = ini_get('memory_limit');"
                + " echo json_encode($r);");
        assertEquals(200, r.status(), r.result().errors().toString());
        assertEquals("[false,\"128M\",false,false,\"128M\",\"64M\",\"64M\",\"134217728\"]", r.body());
        assertEquals(3, r.result().errors().stream().filter(e -> e.contains(
                "memory_limit cannot be raised above 134217728 bytes")).count(), r.result().errors().toString());
    }

    /**
     * What the cap is for: unbounded recursion through an internal callback, after trying to lift the limit, ends
     * as PHP's memory fatal instead of overrunning the thread's stack (a SIGSEGV that would end the JVM).
     */
    @Test
    void recursionThroughCallbacksAfterLiftingTheLimitEndsAtTheLimit() {
        var r = run("<?php ini_set('memory_limit', '-1');"
                + " function deep($n) { return array_map(fn($x) => deep($x + 1), [$n])[0]; } deep(0);");
        assertEquals(500, r.status());
        assertTrue(anyContains(r.result(), "Allowed memory size of 134217728 bytes exhausted"),
                r.result().errors().toString());
    }

    /**
     * Recursion through __toString takes about 5 bytes of C stack per byte of PHP memory: ending at a 32 MiB limit
     * it has committed ~160 MiB of the thread's stack, which the thread gives back after the fatal error.
     */
    @Test
    void theStackADeepRecursionTouchedIsGivenBackAfterItsFatalError() throws Exception {
        run("<?php echo 1;");
        long before = residentKiB();
        var r = run("<?php ini_set('memory_limit', '32M');"
                + " class S { function __toString(): string { return (string) $this; } } echo (string) new S;");
        assertEquals(500, r.status());
        assertTrue(anyContains(r.result(), "Allowed memory size of 33554432 bytes exhausted"),
                r.result().errors().toString());
        long grown = residentKiB() - before;
        assertTrue(grown < 48 * 1024, "resident memory grew by " + grown + " KiB");
    }

    private static long residentKiB() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void maxExecutionTimeExceeded() {
        long start = System.nanoTime();
        var r = run("<?php set_time_limit(1); $i = 0; while (true) { $i++; }");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(500, r.status());
        assertTrue(r.result().timedOut());
        assertTrue(anyContains(r.result(), "Maximum execution time of 1 second exceeded"), r.result().errors().toString());
        assertTrue(ms < 10_000, "took " + ms + " ms");
    }

    @Test
    void abortStopsARunningScript() throws Exception {
        PhpExecution e = php.submit(PhpRequest.code("<?php while (true) { }").build(), new BufferedResponse());
        Thread.sleep(200);
        assertFalse(e.result().isDone());
        e.abort();
        PhpResult r = e.result().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(r.timedOut());
        assertEquals(500, r.status());
    }

    /**
     * A script in a blocking system call reaches no opcode, so the timeout flags alone left its PHP thread busy
     * until the call returned (a sleep(30) held it 30 s). The abort also interrupts the call; the script then
     * ends at its next opcode.
     */
    @Test
    void abortStopsAScriptInsideABlockingCall() throws Exception {
        for (String blocking : new String[] {"sleep(30);", "usleep(30000000);",
                "$s = stream_socket_server('tcp://127.0.0.1:0'); stream_socket_accept($s, 30);"}) {
            PhpExecution e = php.submit(PhpRequest.code("<?php set_time_limit(0); " + blocking
                    + " echo 'carried on';").build(), new BufferedResponse());
            Thread.sleep(300);
            assertFalse(e.result().isDone(), blocking);
            long start = System.nanoTime();
            e.abort();
            PhpResult r = e.result().get(10, java.util.concurrent.TimeUnit.SECONDS);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(r.timedOut(), blocking);
            assertTrue(ms < 2_000, blocking + " ended " + ms + " ms after the abort");
        }
        assertEquals("ok", run("<?php echo 'ok';").body(), "the thread serves the next request");
    }

    /**
     * With NTS, max_execution_time is the process's SIGPROF timer, whose handler takes an already-set timeout flag
     * for a hard timeout and calls _exit(124). An abort sets that flag; a script still inside one long internal
     * call when its CPU timer then ran out (here bcrypt, ~1.7 s of CPU against a 1 s limit) ended this whole JVM.
     * The abort now disarms the timer first. (ZTS's timer has no such path; there the test simply passes.)
     */
    @Test
    void anAbortFollowedByPhpsOwnTimeoutDoesNotEndTheProcess() throws Exception {
        PhpExecution e = php.submit(PhpRequest.code("<?php set_time_limit(1);"
                + " password_hash('x', PASSWORD_BCRYPT, ['cost' => 15]); echo 'carried on';").build(),
                new BufferedResponse());
        Thread.sleep(300);
        e.abort();
        PhpResult r = e.result().get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(r.timedOut());
        assertEquals("ok", run("<?php echo 'ok';").body(), "the process and the thread are still there");
    }

    /**
     * The test runtime asks for a 1 TiB stack per PHP thread. Under Linux's default overcommit heuristic (mode 0)
     * or strict accounting (2) the OS refuses it, and the engine halves the stack until a thread starts, with a
     * warning; with overcommit always allowed (1) the full stack is reserved. Either way PHP runs.
     */
    @Test
    void aStackTheOsWillNotReserveIsHalvedWithAWarning() throws Exception {
        assertEquals("ok", run("<?php echo 'ok';").body());
        String mode = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/vm/overcommit_memory")).trim();
        boolean warned = TestRuntime.LOG.stream().anyMatch(m -> m.contains("refused to reserve a 1048576 MiB stack"));
        if (mode.equals("1")) {
            assertFalse(warned, TestRuntime.LOG.toString());
        } else {
            assertTrue(warned, "overcommit mode " + mode + ": " + TestRuntime.LOG);
        }
    }

    @Test
    void deepRecursion() {
        var r = run("<?php function down($n) { return $n === 0 ? 0 : 1 + down($n - 1); } echo down(50000);");
        assertEquals("50000", r.body());
        // Recursion through internal callbacks uses the C stack: the large PHP thread stack must absorb it.
        var viaCallbacks = run("<?php function d($n) { return $n === 0 ? 0 : 1 + array_sum(array_map('d', [$n - 1])); }"
                + " echo d(50000);");
        assertEquals("50000", viaCallbacks.body(), viaCallbacks.result().errors().toString());
    }

    @Test
    void parseError() {
        var r = run("<?php echo 'x' 'y';");
        assertEquals(500, r.status());
        assertTrue(anyContains(r.result(), "Parse error"), r.result().errors().toString());
    }

    @Test
    void missingScriptFile() {
        var r = php.execute(PhpRequest.script(TestRuntime.php("does-not-exist.php")).build());
        assertEquals(404, r.status());
        assertTrue(anyContains(r.result(), "Could not open input file"));
    }

    @Test
    void javaExceptionInHostFunctionBecomesPhpException() {
        var r = run("<?php try { t_throw('java'); } catch (Exception $e) { echo get_class($e), ': ', $e->getMessage(); }");
        assertEquals("Exception: t_throw(): IllegalStateException: java says no", r.body());
        var npe = run("<?php try { t_throw('npe'); } catch (Exception $e) { echo $e->getMessage(); }");
        assertEquals("t_throw(): NullPointerException: java npe", npe.body());
        var uncaught = run("<?php t_throw('java');");
        assertEquals(500, uncaught.status());
        assertTrue(anyContains(uncaught.result(), "Uncaught Exception: t_throw(): IllegalStateException"));
    }

    @Test
    void phpErrorKindsFromHostFunctions() {
        var r = run("<?php foreach (['value', 'type', 'error'] as $k) { try { t_throw($k); }"
                + " catch (Throwable $e) { echo get_class($e), '|', $e->getMessage(), \"\\n\"; } }");
        assertEquals("ValueError|t_throw(): Argument #1 ($kind) must be valid\nTypeError|typed\nError|plain error\n", r.body());
    }

    @Test
    void hostFunctionReturningSixtyFourMiB() {
        var r = run("<?php $s = t_big(64 * 1024 * 1024); echo strlen($s), ' ', strspn($s, \"\\0\") === strlen($s) ? 'zeros' : 'wrong';");
        assertEquals("67108864 zeros", r.body(), r.result().errors().toString());
    }

    @Test
    void hostFunctionReturningMoreThanMemoryLimitRaisesAnError() {
        var r = run("<?php ini_set('memory_limit', '32M'); try { $s = t_big(64 * 1024 * 1024); echo 'returned'; }"
                + " catch (Error $e) { echo get_class($e), ': ', $e->getMessage(); }");
        assertEquals("Error: t_big(): cannot return a string of 67108864 bytes: it does not fit in memory_limit", r.body(),
                r.result().errors().toString());
    }
}
