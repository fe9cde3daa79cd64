package dev.ephpm.bridge;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A PHP thread that a request leaves in doubt is retired and replaced; the runtime keeps serving. */
class ThreadReplacementTest {
    @Test
    void aThreadLeftUnusableByAnInternalErrorIsReplaced() throws Exception {
        PhpRuntime php = TestRuntime.get();
        String before = php.execute(PhpRequest.code("<?php echo t_thread();").build()).body();
        int replacedBefore = php.replacedThreads();

        // An Error in the embedding code mid-request (here from the response sink while PHP sends the headers, as
        // an OutOfMemoryError would) means the thread's output state can no longer be trusted.
        PhpResponseSink failing = new PhpResponseSink() {
            @Override
            public void headers(int status, List<Header> headers) {
                throw new OutOfMemoryError("simulated: no memory for the response headers");
            }

            @Override
            public void write(ByteBuffer chunk) {
            }
        };
        PhpResult failed = php.submit(PhpRequest.code("<?php echo 'x';").build(), failing).result()
                .get(30, TimeUnit.SECONDS);
        assertTrue(failed.errors().stream().anyMatch(m -> m.contains("OutOfMemoryError")), failed.errors().toString());

        // The next requests run on a fresh thread, and the pool has its size.
        String after = php.execute(PhpRequest.code("<?php echo t_thread();").build()).body();
        assertNotEquals(before, after, "the request ran on the retired thread");
        assertEquals(replacedBefore + 1, php.replacedThreads());
        assertEquals("ok 3", php.execute(PhpRequest.code("<?php echo 'ok ', 1 + 2;").build()).body());
        assertEquals("olleh", php.execute(PhpRequest.code("<?php echo t_rev('hello');").build()).body());
    }
}
