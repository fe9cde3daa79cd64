import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * What one thread hand-off costs on this machine, measured the way a request meets it: a thread publishes work and
 * wakes another that has been idle for a while (its core may have gone to sleep), and we time how long until the
 * receiver runs. Compared with a receiver that spins (what the PHP worker's short spin buys when requests arrive
 * back to back). Prints the median and 99th percentile of the one-way latency.
 *
 *   java bench/http/HandoffBench.java
 */
public class HandoffBench {
    static volatile long sentAt;
    static volatile long seq;
    static volatile long acked;

    public static void main(String[] args) throws Exception {
        int samples = 3000;
        for (boolean spin : new boolean[]{false, true}) {
            long[] latency = new long[samples];
            Thread receiver = new Thread(() -> {
                for (int i = 1; i <= samples; i++) {
                    while (seq != i) {
                        if (spin) {
                            Thread.onSpinWait();
                        } else {
                            LockSupport.park();
                        }
                    }
                    latency[i - 1] = System.nanoTime() - sentAt;
                    acked = i;
                }
            });
            receiver.start();
            for (int i = 1; i <= samples; i++) {
                LockSupport.parkNanos(300_000); // idle gap: as between requests, the other core may doze off
                sentAt = System.nanoTime();
                seq = i;
                if (!spin) {
                    LockSupport.unpark(receiver);
                }
                while (acked != i) {
                    Thread.onSpinWait();
                }
            }
            receiver.join();
            Arrays.sort(latency);
            System.out.printf("%-26s median %6.1f us   p99 %6.1f us%n", spin ? "receiver spinning:" : "receiver parked (futex):",
                    latency[samples / 2] / 1000.0, latency[samples * 99 / 100] / 1000.0);
        }
    }
}
