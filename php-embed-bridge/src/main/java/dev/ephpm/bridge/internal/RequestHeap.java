package dev.ephpm.bridge.internal;

import java.lang.invoke.MethodHandle;

/**
 * Allocation on the calling PHP thread's request heap from Java code that runs inside PHP (host functions) or
 * between PHP calls (source buffers). An over-limit error in PHP's allocator is a longjmp, which must never cross
 * Java frames, so every allocation here is checked against memory_limit first and fails with a result instead.
 *
 * <p>With {@code _femalloc} (Debian's 8.2.36 backport) PHP itself reports a failed allocation as NULL; only large
 * requests are checked first, because far over the limit PHP ends the process. Without it ({@code _emalloc}, e.g.
 * a ZTS build from older sources) every allocation is checked with a margin of one 2 MiB chunk: PHP's limit test
 * is against the heap's real size, which grows a chunk at a time, so {@code real + size + chunk <= limit} means no
 * limit error is possible. The price is that a host function refuses to allocate in the last 2 MiB under the limit.
 */
final class RequestHeap {
    /** Below this, with {@code _femalloc}, a check would cost more than the rare NULL it avoids. */
    private static final long LARGE_ALLOCATION = 256 * 1024;
    /** ZEND_MM_CHUNK_SIZE: the unit in which the heap's real size grows. */
    private static final long CHUNK = 2 * 1024 * 1024;

    /*
     * Static finals, read when this class first initialises (during the first request, after the library loaded):
     * the JIT treats them as constants, so the critical downcall is bound at compile time.
     */
    private static final LibPhp LIB = LibPhp.current();
    private static final MethodHandle ALLOC = LIB.alloc;
    private static final MethodHandle MEMORY_USAGE = LIB.memoryUsage;
    private static final boolean FALLIBLE = LIB.fallibleAlloc;

    private RequestHeap() {
    }

    /**
     * Whether {@code bytes} more can be allocated on the request heap (by this class or by PHP functions called
     * from a host function) without PHP raising "Allowed memory size exhausted".
     */
    static boolean fits(long bytes) {
        if (FALLIBLE && bytes < LARGE_ALLOCATION) {
            return true;
        }
        try {
            long limit = Mem.getLong(PhpWorker.coreGlobals() + Layout.PG_MEMORY_LIMIT);
            if (limit <= 0) {
                return true; // memory_limit = -1
            }
            if (FALLIBLE) {
                long used = (long) MEMORY_USAGE.invokeExact(false);
                return used + bytes <= limit;
            }
            long real = (long) MEMORY_USAGE.invokeExact(true);
            return bytes <= limit - real - CHUNK;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code size} bytes of request memory, or 0 when they do not fit in memory_limit. */
    static long allocate(long size) {
        if (!fits(size)) {
            return 0;
        }
        try {
            return (long) ALLOC.invokeExact(size);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
