package dev.ephpm.bridge.internal;

import dev.ephpm.bridge.function.HostCall;
import dev.ephpm.bridge.function.PhpError;

/**
 * What every host-function upcall runs around its body. Nothing may escape an upcall: a Java exception leaving
 * one ends the JVM, so every outcome becomes either a return value or a pending PHP exception.
 *
 * <p>Each function's generated entry ({@link HostEntry}) calls these in the shape
 * <pre>{@code
 * HostCall call = enter(binding, executeData, returnValue);
 * if (call == null) return;
 * try { body.call(call); } catch (Throwable t) { fail(binding, call, t); }
 * exit(call);
 * }</pre>
 * with the body call in the entry's own code, so that it stays a call to one known class.
 */
final class HostDispatch {
    private HostDispatch() {
    }

    /**
     * The calling thread's call object with the arguments read, or null when there is nothing more to do: PHP's
     * own TypeError or ArgumentCountError is then pending, or the failure was reported as a PHP exception.
     */
    static HostCall enter(HostModule.Binding binding, long executeData, long returnValue) {
        HostCallImpl call = null;
        try {
            call = HostCallImpl.acquire();
            call.begin(binding, executeData, returnValue);
            if (call.parseArguments()) {
                return call;
            }
        } catch (Throwable t) {
            fail(binding, call, t);
        }
        if (call != null) {
            call.end();
        }
        return null;
    }

    /** Turns what the body threw into a pending PHP exception. Never throws. */
    static void fail(HostModule.Binding binding, HostCall call, Throwable t) {
        if (t instanceof PhpError e) {
            throwSafely((HostCallImpl) call, e.kind(), e.getMessage());
        } else {
            String message = binding.name + "(): " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage());
            throwSafely((HostCallImpl) call, PhpError.Kind.EXCEPTION, message);
        }
    }

    static void exit(HostCall call) {
        ((HostCallImpl) call).end();
    }

    private static void throwSafely(HostCallImpl call, PhpError.Kind kind, String message) {
        try {
            if (call == null) {
                call = HostCallImpl.acquire();
            }
            call.throwPhp(kind, message);
        } catch (Throwable last) {
            // Could not even raise the PHP exception; report and return normally rather than kill the process.
            System.err.println("ephpm: cannot raise PHP exception '" + message + "': " + last);
        }
    }
}
