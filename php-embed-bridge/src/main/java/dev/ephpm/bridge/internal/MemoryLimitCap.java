package dev.ephpm.bridge.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Keeps scripts from raising {@code memory_limit} above the value PHP started with, or lifting it ({@code -1}):
 * {@code ini_set} then returns false with a warning saying why. Lowering it, and raising it back up to the start-up
 * value, work as usual.
 *
 * <p>Why: memory_limit is what ends a runaway script cleanly. Without it, unbounded recursion either grows the heap
 * until the kernel kills the process, or, through internal callbacks (array_map, usort...), overruns the PHP
 * thread's C stack (PHP 8.2 has no stack guard), which is a SIGSEGV: in both cases the whole server dies, not one
 * request. The thread stacks are sized for the start-up limit. php-fpm pools get the same effect from
 * {@code php_admin_value[memory_limit]}.
 *
 * <p>How: each thread's {@code memory_limit} ini entry gets this class's upcall as its {@code on_modify} handler,
 * which checks the new value at run time ({@code ini_set}, {@code .htaccess} stages) and otherwise calls PHP's own
 * handler, which does the parsing, warnings and the change itself.
 */
final class MemoryLimitCap {
    private static final String NAME = "memory_limit";
    private static final int FAILURE = -1;
    /** PHP 8.2's OnChangeMemoryLimit reads an empty value as 1 GiB. */
    private static final long EMPTY_VALUE = 1L << 30;
    /** ZEND_INI_MH: int (zend_ini_entry *, zend_string *new_value, void *, void *, void *, int stage). */
    private static final FunctionDescriptor ON_MODIFY = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_INT);

    private static MemorySegment stub;
    private static MemorySegment nameString;
    /** Set once, by the first install; read by the handler on any PHP thread. */
    private static volatile MethodHandle original;
    private static volatile long originalAddress;
    private static volatile long ceiling;
    private static volatile LibPhp lib;

    private MemoryLimitCap() {
    }

    /**
     * Installs the cap on the calling PHP thread's ini entries; called on that thread, after its globals are located. The ceiling is
     * memory_limit's value at start-up; with no limit at start-up (-1) there is nothing to hold scripts to and
     * nothing is installed.
     */
    static synchronized void install(LibPhp php) throws Throwable {
        long startupLimit = Mem.getLong(PhpWorker.coreGlobals() + Layout.PG_MEMORY_LIMIT);
        if (startupLimit <= 0) {
            return;
        }
        if (stub == null) {
            MethodHandle handler = MethodHandles.lookup().findStatic(MemoryLimitCap.class, "onModify",
                    MethodType.methodType(int.class, long.class, long.class, long.class, long.class, long.class,
                            int.class));
            stub = LibPhp.LINKER.upcallStub(handler, ON_MODIFY, Arena.global());
            nameString = Arena.global().allocateFrom(NAME);
        }
        long table = Mem.getLong(PhpWorker.executorGlobals() + Layout.EG_INI_DIRECTIVES);
        long zv = (long) php.hashStrFind.invokeExact(table, nameString.address(), (long) NAME.length());
        if (zv == 0) {
            throw new IllegalStateException(NAME + " is not a registered ini entry");
        }
        long entry = Mem.getLong(zv); // the zval holds a pointer to the zend_ini_entry
        long handler = Mem.getLong(entry + Layout.INI_ENTRY_ON_MODIFY);
        if (handler == stub.address()) {
            return; // this table (or entry) is shared with a thread that installed it already
        }
        if (original == null) {
            originalAddress = handler;
            original = LibPhp.LINKER.downcallHandle(MemorySegment.ofAddress(handler), ON_MODIFY);
            ceiling = startupLimit;
            lib = php;
        } else if (handler != originalAddress) {
            throw new IllegalStateException(NAME + " has another handler on this thread: " + Long.toHexString(handler));
        }
        Mem.putLong(entry + Layout.INI_ENTRY_ON_MODIFY, stub.address());
    }

    /** The on_modify handler. An upcall: nothing may escape it. */
    private static int onModify(long entry, long newValue, long arg1, long arg2, long arg3, int stage) {
        try {
            if ((stage == Layout.INI_STAGE_RUNTIME || stage == Layout.INI_STAGE_HTACCESS) && tooHigh(newValue)) {
                warn(NAME + " cannot be raised above " + ceiling + " bytes, the limit this server started PHP"
                        + " with; it is left as it was");
                return FAILURE;
            }
            return (int) original.invokeExact(entry, newValue, arg1, arg2, arg3, stage);
        } catch (Throwable t) {
            System.err.println("ephpm: memory_limit handler failed: " + t);
            return FAILURE;
        }
    }

    /** Whether {@code value} (a zend_string) asks for no limit or one above the ceiling. */
    private static boolean tooHigh(long value) throws Throwable {
        if (value == 0 || Mem.getLong(value + Layout.ZSTR_LEN) == 0) {
            return EMPTY_VALUE > ceiling;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment error = arena.allocate(JAVA_LONG);
            long bytes = (long) lib.iniParseQuantity.invokeExact(value, error.address());
            long message = error.get(JAVA_LONG, 0);
            if (message != 0) {
                lib.efree.invokeExact(message);
                return false; // malformed: PHP's own handler warns about it as usual
            }
            return bytes < 0 || bytes > ceiling;
        }
    }

    private static void warn(String message) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            lib.zendError.invokeExact(Layout.E_WARNING, arena.allocateFrom("%s").address(),
                    arena.allocateFrom(message).address());
        }
    }
}
