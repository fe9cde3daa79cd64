package dev.ephpm.bridge;

import dev.ephpm.bridge.function.HostFunction;
import dev.ephpm.bridge.function.PerThread;
import dev.ephpm.bridge.function.PhpError;
import dev.ephpm.bridge.function.PhpType;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one PHP runtime of the test JVM (PHP's globals allow one engine per process), with host functions that
 * exercise the bridge's argument and return handling.
 */
final class TestRuntime {
    static final List<String> LOG = new CopyOnWriteArrayList<>();
    private static PhpRuntime runtime;

    private TestRuntime() {
    }

    static synchronized PhpRuntime get() {
        if (runtime == null) {
            runtime = PhpRuntime.start(PhpRuntimeConfig.builder()
                    .library(Path.of(System.getProperty("ephpm.php.library", "/usr/lib/libphp8.2.so")))
                    .zendExtension("opcache")
                    .ini("opcache.enable", "1")
                    .ini("memory_limit", "128M")
                    .capMemoryLimit(true)
                    // more than any test machine reserves under Linux's default overcommit heuristic (one mapping
                    // over RAM + swap is refused), so that start-up halves it: see FailureTest
                    .threadStackSize(1L << 40)
                    .minThreadStackSize(256L << 20)
                    .ini("display_errors", "0")
                    .ini("html_errors", "0")
                    .ini("register_argc_argv", "1")
                    .functions(functions())
                    .logSink(LOG::add)
                    .build());
        }
        return runtime;
    }

    static Path php(String name) {
        return Path.of("src/test/resources/php", name).toAbsolutePath();
    }

    /** Counts t_per_thread() calls on each PHP thread. */
    private static final PerThread<long[]> CALLS = PerThread.withInitial(() -> new long[1]);

    static List<HostFunction> functions() {
        return List.of(
                HostFunction.named("t_echo").param("s", PhpType.STRING).returns(PhpType.STRING)
                        .body(c -> c.returnString(c.segment(0))),
                HostFunction.named("t_thread").returns(PhpType.STRING)
                        .body(c -> c.returnString(Thread.currentThread().getName())),
                HostFunction.named("t_rev").param("s", PhpType.STRING).returns(PhpType.STRING).body(c -> {
                    byte[] b = c.bytes(0);
                    for (int i = 0, j = b.length - 1; i < j; i++, j--) {
                        byte t = b[i];
                        b[i] = b[j];
                        b[j] = t;
                    }
                    c.returnString(b);
                }),
                // Borrows both arguments, then answers "<len a>:<a>|<len b>:<b>" from the borrowed arrays.
                HostFunction.named("t_borrow").param("a", PhpType.STRING).optionalParam("b", PhpType.STRING, "'dflt'")
                        .returns(PhpType.STRING).body(c -> {
                            byte[] a = c.borrowBytes(0);
                            byte[] b = c.borrowBytes(1);
                            int la = (int) c.stringLength(0);
                            int lb = (int) c.stringLength(1);
                            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                            out.writeBytes((la + ":").getBytes());
                            out.write(a, 0, la);
                            out.writeBytes(("|" + lb + ":").getBytes());
                            out.write(b, 0, lb);
                            c.returnString(out.toByteArray());
                        }),
                // Copies the argument with copyBytes and returns it after first returning a throwaway string,
                // which the second return must free.
                HostFunction.named("t_copy_twice").optionalParam("s", PhpType.STRING, "'dflt'")
                        .returns(PhpType.STRING).body(c -> {
                            byte[] copy = new byte[(int) c.stringLength(0)];
                            c.copyBytes(0, copy);
                            c.returnString(new byte[1000]);
                            c.returnString(copy);
                        }),
                HostFunction.named("t_per_thread").returns(PhpType.STRING).body(c -> c.returnString(
                        Thread.currentThread().getName() + ":" + ++c.perThread(CALLS)[0])),
                HostFunction.named("t_add").param("a", PhpType.INT).optionalParam("b", PhpType.INT, "10")
                        .returns(PhpType.INT).body(c -> c.returnLong(c.getLong(0) + c.getLong(1))),
                HostFunction.named("t_nullable").nullableParam("s", PhpType.STRING).returns(PhpType.STRING, PhpType.NULL)
                        .body(c -> {
                            if (c.isNull(0)) {
                                c.returnNull();
                            } else {
                                c.returnString("got:" + c.string(0));
                            }
                        }),
                HostFunction.named("t_bool").param("b", PhpType.BOOL).returns(PhpType.STRING)
                        .body(c -> c.returnString(c.getBool(0) ? "yes" : "no")),
                HostFunction.named("t_float").param("f", PhpType.FLOAT).returns(PhpType.FLOAT)
                        .body(c -> c.returnDouble(c.getDouble(0) * 2)),
                HostFunction.named("t_opt").optionalParam("s", PhpType.STRING, "'dflt'")
                        .optionalParam("n", PhpType.INT, "null").returns(PhpType.STRING)
                        .body(c -> c.returnString(c.string(0) + "/" + (c.isNull(1) ? "null" : c.getLong(1)))),
                HostFunction.named("t_throw").param("kind", PhpType.STRING).returns(PhpType.VOID).body(c -> {
                    switch (c.string(0)) {
                        case "value" -> throw PhpError.valueError(c.argumentMessage(0, "must be valid"));
                        case "type" -> throw PhpError.typeError("typed");
                        case "error" -> throw PhpError.error("plain error");
                        case "npe" -> throw new NullPointerException("java npe");
                        default -> throw new IllegalStateException("java says no");
                    }
                }),
                HostFunction.named("t_big").param("bytes", PhpType.INT).returns(PhpType.STRING)
                        .body(c -> c.returnString(new byte[(int) c.getLong(0)])),
                HostFunction.named("t_keys").param("keys", PhpType.ARRAY).returns(PhpType.ARRAY).body(c -> {
                    byte[][] keys = c.arrayOfStrings(0);
                    var out = c.returnArray(keys.length);
                    for (byte[] k : keys) {
                        if (k.length == 0) {
                            out.putNull(k);
                        } else {
                            out.put(k, k);
                        }
                    }
                }),
                HostFunction.named("t_stats").returns(PhpType.ARRAY).body(c -> c.returnArray(4)
                        .put("entries", 3L).put("ratio", 0.5).put("ok", true).put("name", "x").putNull("nothing")));
    }
}
