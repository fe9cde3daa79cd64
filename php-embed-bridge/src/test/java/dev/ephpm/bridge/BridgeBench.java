package dev.ephpm.bridge;

import dev.ephpm.bridge.function.HostFunction;
import dev.ephpm.bridge.function.PhpType;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints what the bridge costs: an empty request (start-up, a script that does nothing, shutdown), measured back
 * to back on the PHP thread so no thread hand-off is counted, and a host-function call with a string argument
 * and string result, measured from a PHP hrtime loop. Run with a fixed heap: bench/bridge/run.sh.
 */
public final class BridgeBench {
    private static final PhpResponseSink DISCARD = new PhpResponseSink() {
        @Override
        public void headers(int status, List<Header> headers) {
        }

        @Override
        public void write(ByteBuffer chunk) {
        }
    };

    public static void main(String[] args) throws Exception {
        PhpRuntime php = PhpRuntime.start(PhpRuntimeConfig.builder()
                .library(Path.of(System.getProperty("ephpm.php.library", "/usr/lib/libphp8.2.so")))
                .ini("memory_limit", "256M")
                .queueCapacity(100_000)
                .functions(List.of(
                        HostFunction.named("bench_rev").param("s", PhpType.STRING).returns(PhpType.STRING).body(c -> {
                            java.lang.foreign.MemorySegment in = c.segment(0);
                            c.returnString(in);
                        })))
                .build());
        Path empty = Files.createTempFile("ephpm-empty", ".php");
        Files.writeString(empty, "<?php\n");
        PhpRequest request = PhpRequest.script(empty).uri("/empty.php").build();

        for (int round = 0; round < 3; round++) {
            int n = 20_000;
            PhpExecution last = null;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                last = php.submit(request, DISCARD);
            }
            last.result().get();
            double perRequest = (System.nanoTime() - start) / 1000.0 / n;

            int m = 2_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < m; i++) {
                php.execute(request, DISCARD);
            }
            double roundTrip = (System.nanoTime() - t0) / 1000.0 / m;
            System.out.printf("empty request, back to back on the PHP thread: %6.1f us   (round trip from another thread,"
                    + " one at a time: %6.1f us)%n", perRequest, roundTrip);
        }

        String loop = "<?php $n = 1000000; $s = 'hello world, 16b';"
                + " for ($i = 0; $i < 200000; $i++) { bench_rev($s); strrev($s); }"
                + " $t = hrtime(true); for ($i = 0; $i < $n; $i++) { $r = strrev($s); } $base = (hrtime(true) - $t) / $n;"
                + " $t = hrtime(true); for ($i = 0; $i < $n; $i++) { $r = bench_rev($s); } $host = (hrtime(true) - $t) / $n;"
                + " $t = hrtime(true); for ($i = 0; $i < $n; $i++) { } $empty = (hrtime(true) - $t) / $n;"
                + " printf(\"per call: host function (string in, string out) %.1f ns, built-in strrev %.1f ns, empty loop %.1f ns\\n\","
                + " $host, $base, $empty);";
        for (int round = 0; round < 3; round++) {
            System.out.print(php.execute(PhpRequest.code(loop).build()).body());
        }
        php.close();
        Files.deleteIfExists(empty);
    }
}
