package dev.ephpm.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A stored key: byte[] has identity equality, so the map needs a wrapper with content equality. The hash is
 * computed once, since the map asks for it on every operation.
 *
 * <p>Comparable so that ConcurrentHashMap keeps colliding keys in a balanced tree bin (O(log n)) instead of a
 * list, should anyone manage to make many keys collide.
 */
final class Key implements Comparable<Key> {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M1 = 0x9E3779B97F4A7C15L;
    private static final long M2 = 0xBF58476D1CE4E5B9L;
    /**
     * Per-process seed, mixed in before the non-linear steps, so that sets of colliding keys cannot be
     * precomputed offline against a known function.
     */
    private static final long SEED = ThreadLocalRandom.current().nextLong();

    final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes, 0, bytes.length);
    }

    /**
     * 64-bit multiply/xor-shift hash of {@code b[off, off + len)}, folded to 32 bits. Reads 8 bytes at a time
     * (a 16-byte key is two words), which is several times cheaper than Arrays.hashCode's dependent
     * multiply-by-31 chain and mixes better. The last word overlaps the previous one rather than looping over
     * a byte tail; the length is mixed in first, so overlapping reads stay unambiguous.
     */
    static int hash(byte[] b, int off, int len) {
        long h = SEED ^ ((long) len * M1);
        int end = off + len;
        if (len >= 8) {
            for (int i = off; i < end - 8; i += 8) {
                h = mix(h ^ (long) LONGS.get(b, i));
            }
            h = mix(h ^ (long) LONGS.get(b, end - 8));
        } else if (len >= 4) {
            long lo = (int) INTS.get(b, off) & 0xFFFF_FFFFL;
            long hi = (long) (int) INTS.get(b, end - 4) << 32;
            h = mix(h ^ lo ^ hi);
        } else if (len > 0) {
            long w = (b[off] & 0xFF) | (b[off + (len >> 1)] & 0xFF) << 8 | (b[end - 1] & 0xFF) << 16;
            h = mix(h ^ w);
        }
        h ^= h >>> 31;
        h *= M2;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long h) {
        h *= M1;
        return h ^ (h >>> 32);
    }

    boolean startsWith(byte[] prefix) {
        return bytes.length >= prefix.length
                && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Key k) {
            return k.hash == hash && Arrays.equals(k.bytes, bytes);
        }
        return o instanceof KeyProbe p && p.equals(this);
    }

    @Override
    public int compareTo(Key o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return "Key[" + bytes.length + " bytes]";
    }
}
