package dev.ephpm.bridge.internal;

import dev.ephpm.bridge.function.PhpError;

/**
 * The body of every host-function upcall. Nothing may escape it: a Java exception leaving an upcall ends the JVM,
 * so every outcome becomes either a return value or a pending PHP exception.
 */
final class HostDispatch {
    private HostDispatch() {
    }

    static void dispatch(HostModule.Binding binding, long executeData, long returnValue) {
        HostCallImpl call = null;
        try {
            call = HostCallImpl.acquire();
            call.begin(binding, executeData, returnValue);
            if (!call.parseArguments()) {
                return; // PHP's TypeError/ArgumentCountError is pending
            }
            binding.function.body().call(call);
        } catch (PhpError e) {
            throwSafely(call, e.kind(), e.getMessage());
        } catch (Throwable t) {
            String message = binding.name + "(): " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage());
            throwSafely(call, PhpError.Kind.EXCEPTION, message);
        } finally {
            if (call != null) {
                call.end();
            }
        }
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
