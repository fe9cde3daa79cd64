package dev.ephpm.bridge.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Our SAPI: the {@code sapi_module_struct} whose callbacks route PHP's output, headers, body reads, cookies,
 * {@code $_SERVER} and log messages to the request running on the calling PHP thread.
 *
 * <p>Every callback catches {@link Throwable}: an exception leaving an upcall ends the JVM. Pointers cross as
 * {@code long}s (same calling convention as pointers), which avoids allocating segments per call.
 */
final class Sapi {
    private Sapi() {
    }

    /** Allocates and fills the module struct; it lives as long as the process. */
    static MemorySegment createModule(LibPhp lib, String name, Arena arena) {
        MemorySegment m = arena.allocate(Layout.SAPI_MODULE_SIZE, 8);
        m.set(JAVA_LONG, Layout.SM_NAME, arena.allocateFrom(name).address());
        m.set(JAVA_LONG, Layout.SM_PRETTY_NAME, arena.allocateFrom("ePHPm").address());
        m.set(JAVA_LONG, Layout.SM_UB_WRITE, stub("ubWrite", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), arena));
        m.set(JAVA_LONG, Layout.SM_FLUSH, stub("flush", FunctionDescriptor.ofVoid(JAVA_LONG), arena));
        // PHP reports SAPI-level problems ("headers already sent") through zend_error, as the embed SAPI does.
        m.set(JAVA_LONG, Layout.SM_SAPI_ERROR, lib.symbol("zend_error").address());
        m.set(JAVA_LONG, Layout.SM_SEND_HEADERS, stub("sendHeaders", FunctionDescriptor.of(JAVA_INT, JAVA_LONG), arena));
        m.set(JAVA_LONG, Layout.SM_SEND_HEADER, stub("sendHeader", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG), arena));
        m.set(JAVA_LONG, Layout.SM_READ_POST, stub("readPost", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), arena));
        m.set(JAVA_LONG, Layout.SM_READ_COOKIES, stub("readCookies", FunctionDescriptor.of(JAVA_LONG), arena));
        m.set(JAVA_LONG, Layout.SM_REGISTER_SERVER_VARIABLES,
                stub("registerServerVariables", FunctionDescriptor.ofVoid(JAVA_LONG), arena));
        m.set(JAVA_LONG, Layout.SM_LOG_MESSAGE, stub("logMessage", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_INT), arena));
        m.set(JAVA_LONG, Layout.SM_GET_REQUEST_TIME, stub("getRequestTime", FunctionDescriptor.of(JAVA_INT, JAVA_LONG), arena));
        m.set(JAVA_INT, Layout.SM_PHPINFO_AS_TEXT, "cli".equals(name) ? 1 : 0);
        return m;
    }

    private static long stub(String method, FunctionDescriptor d, Arena arena) {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(Sapi.class, method, d.toMethodType());
            return LibPhp.LINKER.upcallStub(target, d, arena).address();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- callbacks (all on a PHP thread)

    static long ubWrite(long str, long length) {
        try {
            RequestState r = RequestState.current();
            if (r == null) {
                System.out.write(Mem.bytes(str, Math.toIntExact(length)));
                System.out.flush();
            } else {
                r.write(Mem.segment(str, length).asByteBuffer());
            }
        } catch (Throwable t) {
            report("ub_write", t);
        }
        // Always claim success: PHP's way of reporting a lost client (php_handle_aborted_connection) longjmps,
        // which must never happen inside an upcall. The request state drops further output instead.
        return length;
    }

    static void flush(long serverContext) {
        try {
            RequestState r = RequestState.current();
            if (r != null) {
                r.flush();
            }
        } catch (Throwable t) {
            report("flush", t);
        }
    }

    static int sendHeaders(long sapiHeaders) {
        try {
            RequestState r = RequestState.current();
            if (r != null) {
                r.beginHeaders(Mem.getInt(sapiHeaders + Layout.SAPI_HEADERS_RESPONSE_CODE));
            }
        } catch (Throwable t) {
            report("send_headers", t);
        }
        // DO_SEND: PHP then calls send_header for the status line, each header, the default Content-Type, NULL.
        return Layout.SAPI_HEADER_DO_SEND;
    }

    static void sendHeader(long header, long serverContext) {
        try {
            RequestState r = RequestState.current();
            if (r == null) {
                return;
            }
            if (header == 0) {
                r.endHeaders();
                return;
            }
            long text = Mem.getLong(header + Layout.SAPI_HEADER_HEADER);
            long len = Mem.getLong(header + Layout.SAPI_HEADER_LEN);
            r.headerLine(Mem.latin1(text, len));
        } catch (Throwable t) {
            report("send_header", t);
        }
    }

    static long readPost(long buffer, long count) {
        try {
            RequestState r = RequestState.current();
            return r == null ? 0 : r.readBody(buffer, count);
        } catch (Throwable t) {
            report("read_post", t);
            return 0;
        }
    }

    static long readCookies() {
        try {
            RequestState r = RequestState.current();
            return r == null ? 0 : r.cookieData();
        } catch (Throwable t) {
            report("read_cookies", t);
            return 0;
        }
    }

    static void registerServerVariables(long trackVars) {
        try {
            RequestState r = RequestState.current();
            if (r == null) {
                return;
            }
            PhpWorker w = PhpWorker.current();
            Scratch scratch = w.scratch();
            LibPhp lib = LibPhp.current();
            MemorySegment array = MemorySegment.ofAddress(trackVars);
            for (Map.Entry<String, byte[]> e : r.serverVariables()) {
                scratch.rewind();
                long name = scratch.cString(e.getKey(), StandardCharsets.UTF_8);
                long value = scratch.bytes(e.getValue());
                lib.phpRegisterVariableSafe.invokeExact(MemorySegment.ofAddress(name), MemorySegment.ofAddress(value),
                        (long) e.getValue().length, array);
            }
        } catch (Throwable t) {
            report("register_server_variables", t);
        }
    }

    static void logMessage(long message, int syslogType) {
        try {
            String text = message == 0 ? "" : new String(Mem.ALL.getString(message, StandardCharsets.ISO_8859_1)
                    .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            RequestState r = RequestState.current();
            if (r != null) {
                r.logged(text);
            }
            PhpEngine engine = PhpEngine.current();
            if (engine != null) {
                engine.log(text);
            } else {
                System.err.println(text);
            }
        } catch (Throwable t) {
            report("log_message", t);
        }
    }

    static int getRequestTime(long out) {
        try {
            RequestState r = RequestState.current();
            if (r != null && r.request.requestTime() > 0) {
                Mem.putDouble(out, r.request.requestTime());
                return 0;
            }
        } catch (Throwable t) {
            report("get_request_time", t);
        }
        return -1; // FAILURE: PHP takes the current time itself
    }

    /**
     * A callback cannot throw into PHP. Exceptions are reported and the request goes on; an {@link Error} (out of
     * memory, stack overflow) also retires the thread after this request, since the output state PHP and the
     * bridge share may be half-updated.
     */
    private static void report(String callback, Throwable t) {
        try {
            String message = "ephpm: error in SAPI callback " + callback + ": " + t;
            PhpWorker w = PhpWorker.current();
            if (w != null && t instanceof Error) {
                w.markUnusable(message);
            }
            RequestState r = RequestState.current();
            if (r != null) {
                r.logged(message);
            }
            System.err.println(message);
        } catch (Throwable ignored) {
            // nothing left to do; never let it escape the upcall
        }
    }
}
