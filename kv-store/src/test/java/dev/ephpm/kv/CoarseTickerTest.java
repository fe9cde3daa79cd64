package dev.ephpm.kv;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoarseTickerTest {

    @Test
    void followsNanoTimeWithinAFewMillisecondsAndNeverRunsAhead() throws InterruptedException {
        CoarseTicker ticker = CoarseTicker.get();
        assertSame(ticker, CoarseTicker.get());
        long previous = ticker.read();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(5);
            long coarse = ticker.read();
            long precise = System.nanoTime();
            assertTrue(coarse >= previous, "monotonic");
            assertTrue(coarse <= precise, "never ahead of nanoTime");
            previous = coarse;
        }
        // it moved over 100 ms of sleeping; the bound is loose because a busy machine delays the thread
        long start = ticker.read();
        Thread.sleep(50);
        assertTrue(ticker.read() - start >= 20_000_000L, "the clock thread is not ticking");
    }
}
