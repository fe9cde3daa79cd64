package dev.ephpm.bridge.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.Charset;

/**
 * A PHP thread's reusable native buffer for short-lived C strings and out-parameters: array keys, exception
 * messages, variable names. PHP copies what it keeps, so the buffer is rewound after each use instead of
 * allocating per call.
 */
final class Scratch {
    private final Arena arena = Arena.ofShared();
    private MemorySegment buffer;
    private long base;
    private long pos;

    Scratch(long initialCapacity) {
        buffer = arena.allocate(initialCapacity, 16);
        base = buffer.address();
    }

    void rewind() {
        pos = 0;
    }

    /**
     * Room for {@code size} bytes, 8-aligned. When the buffer is too small a larger one replaces it; the old one
     * stays allocated (until the thread ends), so addresses handed out before stay valid. Buffers double, so what
     * is kept is at most twice the largest need.
     */
    long reserve(long size) {
        long start = (pos + 7) & ~7L;
        if (start + size > buffer.byteSize()) {
            long cap = Math.max(buffer.byteSize() * 2, size + 64);
            buffer = arena.allocate(cap, 16);
            base = buffer.address();
            start = 0;
        }
        pos = start + size;
        return base + start;
    }

    long cString(String s, Charset charset) {
        byte[] bytes = s.getBytes(charset);
        long address = reserve(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, Mem.ALL, ValueLayout.JAVA_BYTE, address, bytes.length);
        Mem.putByte(address + bytes.length, (byte) 0);
        return address;
    }

    long bytes(byte[] bytes) {
        long address = reserve(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, Mem.ALL, ValueLayout.JAVA_BYTE, address, bytes.length);
        Mem.putByte(address + bytes.length, (byte) 0);
        return address;
    }

    void close() {
        arena.close();
    }
}
