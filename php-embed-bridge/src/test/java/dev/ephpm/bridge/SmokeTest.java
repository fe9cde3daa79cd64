package dev.ephpm.bridge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @Test
    void runsCode() {
        var r = TestRuntime.get().execute(PhpRequest.code("<?php echo 'hi ', PHP_VERSION, ' ', t_rev('abc');").build());
        System.out.println(r.result() + " " + r.body());
        assertEquals(200, r.status());
    }
}
