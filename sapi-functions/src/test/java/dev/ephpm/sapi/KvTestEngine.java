package dev.ephpm.sapi;

import dev.ephpm.bridge.PhpExtensions;
import dev.ephpm.bridge.PhpRuntime;
import dev.ephpm.bridge.PhpRuntimeConfig;
import dev.ephpm.bridge.function.HostFunction;
import dev.ephpm.bridge.function.HostFunctionBody;
import dev.ephpm.bridge.function.PhpError;
import dev.ephpm.kv.EvictionPolicy;
import dev.ephpm.kv.KvConfig;
import dev.ephpm.kv.KvStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static dev.ephpm.bridge.function.PhpType.INT;
import static dev.ephpm.bridge.function.PhpType.STRING;
import static dev.ephpm.bridge.function.PhpType.VOID;

/**
 * The one PHP engine of the test JVM (PHP's globals allow one engine per process, so every test class shares it):
 * the real {@code ephpm_kv_*} functions of {@link KvFunctions}, plus three test-only functions that let the PHP
 * tests choose the store they run against and drive its clock:
 *
 * <ul>
 *   <li>{@code ephpm_test_kv_reset(?int $memory_limit = null, ?string $eviction_policy = null,
 *       ?int $max_key_size = null, ?int $max_value_size = null): void} replaces the store with a new, empty one;
 *       a null argument keeps {@link KvConfig#defaults()}. Bad limits raise the {@code ValueError} KvConfig
 *       gives. The new store has a new clock.</li>
 *   <li>{@code ephpm_test_clock_advance(int $ms): void} moves the store's clock forward.</li>
 *   <li>{@code ephpm_test_kv_maintenance(): void} runs {@link KvStore#cleanUp()}, the work the once-a-second
 *       reaper does on a production store (stores on a fake clock have no reaper).</li>
 * </ul>
 *
 * <p>The {@code ephpm_kv_*} functions registered with PHP keep the names, parameters and return types of
 * {@code KvFunctions.all(store)}, and forward each call to the function of that name built by
 * {@code KvFunctions.all} for the current store: each store gets its functions exactly as production builds
 * them.
 */
final class KvTestEngine {
    static final Path PHPUNIT = Path.of("/usr/bin/phpunit");
    /** The PHP suite; surefire runs tests in the module directory. */
    static final Path PHP_TESTS = Path.of("src/test/php").toAbsolutePath();
    /** Messages PHP logged (warnings, fatals outside PHPUnit's handlers). */
    static final List<String> LOG = new CopyOnWriteArrayList<>();

    /**
     * The current store's clock in nanoseconds, moved only by ephpm_test_clock_advance(), so no TTL test sleeps and
     * every pttl is exact. Each store gets a new one, so tests that move time far do not add up; it starts at a
     * positive origin, as System.nanoTime does on Linux (the store asks for a clock that does not stay negative).
     */
    private static volatile AtomicLong clockNanos;
    /** The kv functions bound to the current store, by name. Replaced whole by ephpm_test_kv_reset(). */
    private static volatile Map<String, HostFunctionBody> kvBodies;
    private static volatile KvStore store;
    private static PhpRuntime runtime;

    private KvTestEngine() {
    }

    static synchronized PhpRuntime runtime() {
        if (runtime == null) {
            useStore(KvConfig.defaults());
            Path library = Path.of(System.getProperty("ephpm.php.library", PhpRuntimeConfig.DEFAULT_LIBRARY.toString()));
            // The SAPI keeps the server's name (fpm-fcgi), not "cli": under "cli", PHP hands the first php://stdin,
            // php://stdout and php://stderr opened in the process the real descriptors 0, 1 and 2 instead of
            // duplicates, and closes them when the request ends, which would cut the test JVM's own stdin and
            // stdout (surefire's channel) after the first PHPUnit run.
            PhpRuntimeConfig.Builder config = PhpRuntimeConfig.builder()
                    .library(library)
                    // values of up to 64 MiB exist several times over in one test (the value, the copy read back)
                    .ini("memory_limit", "1G")
                    .ini("max_execution_time", "0")
                    .ini("display_errors", "0")
                    .ini("html_errors", "0")
                    .ini("error_reporting", "-1")
                    .ini("register_argc_argv", "1")
                    .ini("zend.assertions", "1")
                    .functions(functions())
                    .logSink(LOG::add);
            // Debian's shared extensions (PHPUnit needs dom, mbstring, xml, xmlwriter) are built for Debian's NTS
            // libphp only; the ZTS build has them compiled in.
            if (library.equals(PhpRuntimeConfig.DEFAULT_LIBRARY)) {
                for (Map.Entry<String, String> e : PhpExtensions.enabledIn(PhpExtensions.DEBIAN_EMBED_CONF_D)) {
                    if (e.getKey().equals("zend_extension")) {
                        config.zendExtension(e.getValue());
                    } else {
                        config.extension(e.getValue());
                    }
                }
            }
            runtime = PhpRuntime.start(config.build());
        }
        return runtime;
    }

    private static void useStore(KvConfig config) {
        AtomicLong nextClock = new AtomicLong(7_000_000_000_000L);
        KvStore next = KvStore.create(config, nextClock::get);
        Map<String, HostFunctionBody> bodies = new HashMap<>();
        for (HostFunction f : KvFunctions.all(next)) {
            bodies.put(f.name(), f.body());
        }
        kvBodies = Map.copyOf(bodies);
        store = next;
        clockNanos = nextClock;
    }

    private static List<HostFunction> functions() {
        List<HostFunction> out = new ArrayList<>();
        for (HostFunction f : KvFunctions.all(store)) {
            String name = f.name();
            out.add(new HostFunction(name, f.params(), f.returnType(), call -> kvBodies.get(name).call(call)));
        }
        out.add(HostFunction.named("ephpm_test_kv_reset")
                .optionalParam("memory_limit", INT, "null")
                .optionalParam("eviction_policy", STRING, "null")
                .optionalParam("max_key_size", INT, "null")
                .optionalParam("max_value_size", INT, "null")
                .returns(VOID).body(c -> {
                    KvConfig config = KvConfig.defaults();
                    try {
                        if (!c.isNull(0)) {
                            config = config.withMemoryLimitBytes(c.getLong(0));
                        }
                        if (!c.isNull(1)) {
                            config = config.withEvictionPolicy(EvictionPolicy.parse(c.string(1)));
                        }
                        if (!c.isNull(2)) {
                            config = config.withMaxKeyBytes(Math.toIntExact(c.getLong(2)));
                        }
                        if (!c.isNull(3)) {
                            config = config.withMaxValueBytes(Math.toIntExact(c.getLong(3)));
                        }
                    } catch (IllegalArgumentException | ArithmeticException e) {
                        throw PhpError.valueError(c.functionName() + "(): " + e.getMessage());
                    }
                    useStore(config);
                }));
        out.add(HostFunction.named("ephpm_test_clock_advance").param("ms", INT).returns(VOID).body(c -> {
            if (c.getLong(0) < 0) {
                throw PhpError.valueError(c.argumentMessage(0, "must not be negative: the clock only moves forward"));
            }
            clockNanos.addAndGet(Math.multiplyExact(c.getLong(0), 1_000_000L));
        }));
        out.add(HostFunction.named("ephpm_test_kv_maintenance").returns(VOID).body(c -> store.cleanUp()));
        return out;
    }
}
