package dev.ephpm.bridge.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Raw access to PHP's memory by absolute address. PHP hands us bare pointers (zvals, strings, globals); reading
 * them through one unbounded segment avoids creating a segment per pointer on the hot path.
 */
final class Mem {
    static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final java.lang.invoke.VarHandle WORDS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.nativeOrder());
    static final int SHORT_COPY = 48;

    private Mem() {
    }

    static long getLong(long address) {
        return ALL.get(LONG, address);
    }

    static void putLong(long address, long value) {
        ALL.set(LONG, address, value);
    }

    static int getInt(long address) {
        return ALL.get(INT, address);
    }

    static void putInt(long address, int value) {
        ALL.set(INT, address, value);
    }

    static short getShort(long address) {
        return ALL.get(ValueLayout.JAVA_SHORT_UNALIGNED, address);
    }

    static void putShort(long address, short value) {
        ALL.set(ValueLayout.JAVA_SHORT_UNALIGNED, address, value);
    }

    static byte getByte(long address) {
        return ALL.get(ValueLayout.JAVA_BYTE, address);
    }

    static void putByte(long address, byte value) {
        ALL.set(ValueLayout.JAVA_BYTE, address, value);
    }

    static double getDouble(long address) {
        return ALL.get(DOUBLE, address);
    }

    static void putDouble(long address, double value) {
        ALL.set(DOUBLE, address, value);
    }

    static MemorySegment segment(long address, long length) {
        return ALL.asSlice(address, length);
    }

    static byte[] bytes(long address, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(ALL, ValueLayout.JAVA_BYTE, address, out, 0, length);
        return out;
    }

    /**
     * Copies {@code length} bytes at {@code address} to the start of {@code dst}. Short runs (keys) move a word at
     * a time: the bulk copy's checks and stub call cost more than the copy itself below a few dozen bytes.
     */
    static void copyTo(long address, byte[] dst, int length) {
        if (length > SHORT_COPY) {
            MemorySegment.copy(ALL, ValueLayout.JAVA_BYTE, address, dst, 0, length);
            return;
        }
        java.util.Objects.checkFromIndexSize(0, length, dst.length);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            WORDS.set(dst, i, getLong(address + i));
        }
        for (; i < length; i++) {
            dst[i] = getByte(address + i);
        }
    }

    static void copy(byte[] src, int offset, long address, int length) {
        MemorySegment.copy(src, offset, ALL, ValueLayout.JAVA_BYTE, address, length);
    }

    /** A NUL-terminated C string at {@code address}, decoded as ISO-8859-1 so every byte maps to one char. */
    static String latin1CString(long address) {
        if (address == 0) {
            return null;
        }
        return ALL.getString(address, StandardCharsets.ISO_8859_1);
    }

    static String latin1(long address, long length) {
        return new String(bytes(address, Math.toIntExact(length)), StandardCharsets.ISO_8859_1);
    }
}
