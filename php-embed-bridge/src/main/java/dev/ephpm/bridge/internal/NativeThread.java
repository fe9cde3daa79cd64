package dev.ephpm.bridge.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * A PHP thread as the operating system sees it: its pthread, to interrupt a blocking system call, and its C stack,
 * to give back the memory a deep recursion touched. Linux and glibc.
 *
 * <p><b>Interrupting.</b> Stopping a request sets PHP's timeout flags, which PHP checks between opcodes; a script
 * inside {@code sleep(120)} or a blocking read never gets there, and holds its PHP thread (with Debian's NTS
 * library, the only one) until the call returns. {@link #interrupt()} sends the thread SIGURG, whose handler does
 * nothing and is installed without SA_RESTART, so the system call returns EINTR: {@code sleep()},
 * {@code usleep()} and {@code stream_socket_accept()} return early, and PHP reaches its next opcode and ends the
 * script. (Reads on PHP streams and libcurl retry their poll on EINTR and wait for their own timeout.) libc has no function of type
 * {@code void(int)} that does nothing, so the handler is {@code abs(int)}: it computes a value and returns, which
 * is all a handler that exists to interrupt a system call has to do, and is async-signal-safe. SIGURG is otherwise
 * ignored by default and used by neither the JVM nor PHP; it is installed only if nobody else handles it.
 *
 * <p><b>Stack.</b> PHP threads get stacks many times larger than memory_limit (PHP 8.2 has no stack guard, see
 * the host's PhpRuntimeFactory), reserved, not committed. A script that recursed deep commits hundreds of MiB of
 * them, and those pages would stay with the thread for good. After such a request, the part of the stack well
 * below the thread's current frames (the worker loop's, near the top) is handed back with madvise(DONTNEED): the
 * kernel drops the pages, and they read as zeros if ever touched again.
 */
final class NativeThread {
    private static final int SIGURG = 23; // the same on x86-64 and aarch64 Linux
    private static final int MADV_DONTNEED = 4;
    /** struct sigaction on 64-bit glibc: handler, 128-byte mask, flags, restorer. */
    private static final long SIGACTION_SIZE = 152;
    /** Left alone at the top: the worker loop's own Java and native frames are far smaller. */
    private static final long KEEP_TOP = 8L << 20;
    /** Left alone at the bottom: glibc's guard page and the JVM's guard zones. */
    private static final long KEEP_BOTTOM = 2L << 20;

    private static final MethodHandle PTHREAD_SELF;
    private static final MethodHandle PTHREAD_GETATTR_NP;
    private static final MethodHandle PTHREAD_ATTR_GETSTACK;
    private static final MethodHandle PTHREAD_ATTR_DESTROY;
    private static final MethodHandle PTHREAD_KILL;
    private static final MethodHandle MADVISE;
    /** Whether SIGURG interrupts system calls in this process (we installed the handler). */
    private static final boolean INTERRUPTIBLE;
    /** The OS page size (4 KiB on x86-64; 16 or 64 KiB on some aarch64 kernels): madvise wants aligned ranges. */
    private static final long PAGE;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        PTHREAD_SELF = linker.downcallHandle(libc.find("pthread_self").orElseThrow(), FunctionDescriptor.of(JAVA_LONG));
        PTHREAD_GETATTR_NP = linker.downcallHandle(libc.find("pthread_getattr_np").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        PTHREAD_ATTR_GETSTACK = linker.downcallHandle(libc.find("pthread_attr_getstack").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        PTHREAD_ATTR_DESTROY = linker.downcallHandle(libc.find("pthread_attr_destroy").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        PTHREAD_KILL = linker.downcallHandle(libc.find("pthread_kill").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        MADVISE = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        INTERRUPTIBLE = installInterruptHandler(linker, libc);
        long page = 4096;
        try {
            page = (int) linker.downcallHandle(libc.find("getpagesize").orElseThrow(), FunctionDescriptor.of(JAVA_INT))
                    .invokeExact();
        } catch (Throwable ignored) {
            // 4 KiB, the x86-64 page; on a larger-page system madvise then fails and nothing is given back
        }
        PAGE = page;
    }


    private final long pthread;
    private final long releasableStart;
    private final long releasableLength;

    private NativeThread(long pthread, long stackLow, long stackSize) {
        this.pthread = pthread;
        long start = (stackLow + KEEP_BOTTOM + PAGE - 1) & -PAGE;
        long end = (stackLow + stackSize - KEEP_TOP) & -PAGE;
        this.releasableStart = start;
        this.releasableLength = Math.max(0, end - start);
    }

    private static boolean installInterruptHandler(Linker linker, SymbolLookup libc) {
        try (Arena arena = Arena.ofConfined()) {
            MethodHandle sigaction = linker.downcallHandle(libc.find("sigaction").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
            MemorySegment old = arena.allocate(SIGACTION_SIZE, 8);
            if ((int) sigaction.invokeExact(SIGURG, MemorySegment.NULL, old) != 0) {
                return false;
            }
            long current = old.get(JAVA_LONG, 0);
            if (current != 0 && current != 1) { // neither SIG_DFL nor SIG_IGN: someone else's handler
                return false;
            }
            MemorySegment act = arena.allocate(SIGACTION_SIZE, 8); // zeroed: empty mask, no SA_RESTART
            act.set(JAVA_LONG, 0, libc.find("abs").orElseThrow().address());
            return (int) sigaction.invokeExact(SIGURG, act, MemorySegment.NULL) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** The calling thread, or null if the C library cannot say. */
    static NativeThread current() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(128, 16); // pthread_attr_t is 56 bytes on x86-64 and aarch64
            long self = (long) PTHREAD_SELF.invokeExact();
            if ((int) PTHREAD_GETATTR_NP.invokeExact(self, attr) != 0) {
                return null;
            }
            try {
                MemorySegment addr = arena.allocate(ADDRESS);
                MemorySegment size = arena.allocate(JAVA_LONG);
                if ((int) PTHREAD_ATTR_GETSTACK.invokeExact(attr, addr, size) != 0) {
                    return null;
                }
                return new NativeThread(self, addr.get(ADDRESS, 0).address(), size.get(JAVA_LONG, 0));
            } finally {
                int ignored = (int) PTHREAD_ATTR_DESTROY.invokeExact(attr);
            }
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * Makes a blocking system call the thread is in return EINTR (see the class comment). The caller must know
     * the thread is alive: a pthread handle is only valid until its thread ends.
     */
    void interrupt() {
        if (!INTERRUPTIBLE) {
            return;
        }
        try {
            int ignored = (int) PTHREAD_KILL.invokeExact(pthread, SIGURG);
        } catch (Throwable ignored) {
            // the call goes on until it returns by itself
        }
    }

    /** Gives back the pages of the stack below the thread's current frames. Call on the thread itself. */
    void releaseStack() {
        if (releasableLength == 0) {
            return;
        }
        try {
            int ignored = (int) MADVISE.invokeExact(releasableStart, releasableLength, MADV_DONTNEED);
        } catch (Throwable ignored) {
            // the pages stay committed; nothing is wrong with the thread
        }
    }
}
