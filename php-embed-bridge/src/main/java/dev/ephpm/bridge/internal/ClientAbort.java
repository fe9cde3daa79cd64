package dev.ephpm.bridge.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Ends a script whose client went away, as PHP does under php-fpm unless {@code ignore_user_abort} is on: at the
 * script's next opcode, the way {@code exit()} ends it (shutdown functions and destructors run), instead of letting
 * it run on with its output dropped. A streaming endpoint (server-sent events, a long download) would otherwise
 * hold its PHP thread until its own loop or max_execution_time ends it.
 *
 * <p>PHP's own reaction to a lost client, {@code php_handle_aborted_connection}, is a longjmp, which must never
 * cross the Java frames of the output upcall that notices the loss. So {@link RequestState} marks the connection
 * aborted ({@code connection_aborted()} then says so) and calls {@link #request}, which raises
 * {@code EG(vm_interrupt)}; PHP then calls {@code zend_interrupt_function} at its next opcode boundary, outside any
 * Java frame, and this class's upcall throws PHP's unwind-exit there.
 *
 * <p>The hook is shared: Debian's libphp has pcntl built in, whose MINIT takes it to dispatch async signals, and
 * whose handler may run user code that can longjmp, so it must never be called from Java. Then the hook is ours
 * only from an abort request until the interrupt it causes: the upcall puts pcntl's handler back and raises the
 * interrupt once more, so pcntl runs at the next boundary, from C. Should another thread's interrupt come first and
 * put the hook back, the abort is requested again at the script's next output.
 */
final class ClientAbort {
    private static MemorySegment stub;
    private static long hook;
    /** What the hook held after module start-up (pcntl's handler), or 0. */
    private static long original;
    private static volatile boolean installed;
    private static volatile LibPhp lib;

    private ClientAbort() {
    }

    /** Prepares the upcall, once per process, after module start-up; takes the hook for good if nobody has it. */
    static synchronized void install(LibPhp php) throws Throwable {
        if (installed) {
            return;
        }
        stub = LibPhp.LINKER.upcallStub(MethodHandles.lookup().findStatic(ClientAbort.class, "onInterrupt",
                MethodType.methodType(void.class, long.class)), FunctionDescriptor.ofVoid(JAVA_LONG), Arena.global());
        lib = php;
        hook = php.symbol("zend_interrupt_function").address();
        original = Mem.getLong(hook);
        if (original == 0) {
            Mem.putLong(hook, stub.address());
        }
        installed = true;
    }

    static boolean installed() {
        return installed;
    }

    /** Asks PHP to call the upcall at the calling PHP thread's next opcode boundary. */
    static void request() {
        if (original != 0) {
            synchronized (ClientAbort.class) {
                Mem.putLong(hook, stub.address());
            }
        }
        Mem.putByte(PhpWorker.executorGlobals() + Layout.EG_VM_INTERRUPT, (byte) 1);
    }

    /** zend_interrupt_function: PHP calls it at an opcode boundary after EG(vm_interrupt) was raised. */
    private static void onInterrupt(long executeData) {
        try {
            if (original != 0) {
                synchronized (ClientAbort.class) {
                    Mem.putLong(hook, original);
                }
                // The interrupt may have been pcntl's: raise it again for its handler, which now runs from C.
                Mem.putByte(PhpWorker.executorGlobals() + Layout.EG_VM_INTERRUPT, (byte) 1);
            }
            RequestState r = RequestState.current();
            if (r != null && r.takeClientAbort()
                    && Mem.getLong(PhpWorker.executorGlobals() + Layout.EG_EXCEPTION) == 0) {
                lib.throwUnwindExit.invokeExact();
            }
        } catch (Throwable t) {
            System.err.println("ephpm: interrupt handler failed: " + t);
        }
    }
}
