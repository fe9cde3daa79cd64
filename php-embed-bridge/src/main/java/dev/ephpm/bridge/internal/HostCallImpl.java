package dev.ephpm.bridge.internal;

import dev.ephpm.bridge.function.HostCall;
import dev.ephpm.bridge.function.PerThread;
import dev.ephpm.bridge.function.PhpError;
import dev.ephpm.bridge.function.PhpType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The per-thread, reused implementation of {@link HostCall}. Arguments are read straight from the VM's call frame;
 * exact types take a fast path, anything else goes through PHP's own coercion functions
 * ({@code zend_parse_arg_*_slow}), so strict_types, deprecations and messages are PHP's.
 */
final class HostCallImpl implements HostCall {
    private static final int MAX_ARGS = 16;
    private static final int MAX_KEPT_BORROW = 64 * 1024;
    private static final ThreadLocal<HostCallImpl> FALLBACK = ThreadLocal.withInitial(HostCallImpl::new);

    private final LibPhp lib = LibPhp.current();
    private final Scratch scratch = new Scratch(4096);
    private final long outSlot = scratch.reserve(16);
    private final long[] longs = new long[MAX_ARGS];
    private final double[] doubles = new double[MAX_ARGS];
    private final long[] strings = new long[MAX_ARGS];
    private final byte[][] defaultStrings = new byte[MAX_ARGS][];
    private final boolean[] nulls = new boolean[MAX_ARGS];
    private final long[] arrays = new long[MAX_ARGS];
    /** Per-index arrays handed out by {@link #borrowBytes}, kept up to {@link #MAX_KEPT_BORROW} bytes. */
    private final byte[][] borrowed = new byte[MAX_ARGS][];
    private final ArrayWriterImpl arrayWriter = new ArrayWriterImpl();
    private final ThreadValues threadValues;
    private HostModule.Binding binding;
    private long executeData;
    private long returnValue;
    private int passed;
    private boolean busy;
    private long scratchMark;

    /**
     * The calling PHP thread's call object; a fresh one if a host function is re-entered from PHP code, which
     * shares the thread's {@link PerThread} values.
     */
    static HostCallImpl acquire() {
        HostCallImpl call = Thread.currentThread() instanceof PhpWorker w ? w.hostCall() : FALLBACK.get();
        return call.busy ? new HostCallImpl(call.threadValues) : call;
    }

    HostCallImpl() {
        this(new ThreadValues());
    }

    private HostCallImpl(ThreadValues threadValues) {
        this.threadValues = threadValues;
    }

    /** One thread's {@link PerThread} values, by slot index. */
    private static final class ThreadValues {
        Object[] values = new Object[4];

        Object create(PerThread<?> slot) {
            int i = slot.index();
            if (i >= values.length) {
                values = java.util.Arrays.copyOf(values, Math.max(i + 1, values.length * 2));
            }
            Object value = slot.initialValue();
            values[i] = value;
            return value;
        }
    }

    void begin(HostModule.Binding b, long ex, long rv) {
        busy = true;
        binding = b;
        executeData = ex;
        returnValue = rv;
        scratch.rewind();
        scratch.reserve(16); // keep outSlot's bytes out of the way
    }

    void end() {
        busy = false;
        binding = null;
    }

    private long eg() {
        return PhpWorker.executorGlobals();
    }

    /**
     * Reads the arguments into the per-index arrays. Kept small so that the JIT inlines it into each entry:
     * arguments of exactly the declared type (the usual case) are read here, everything else (defaults, nulls,
     * coercions, type errors) in {@link #parseArgument}. Small means its own compiled code too: once a branch for
     * left-out ints made it "already compiled into a big method", entries stopped inlining it (+10 ns a call).
     */
    boolean parseArguments() throws Throwable {
        HostModule.Binding b = binding;
        int n = Mem.getInt(executeData + Layout.EX_NUM_ARGS);
        passed = n;
        if (n < b.required || n > b.max) {
            lib.wrongParametersCountError.invokeExact(b.required, b.max);
            return false;
        }
        PhpType[] types = b.types;
        for (int i = 0; i < types.length; i++) {
            long zv = executeData + Layout.EX_FIRST_ARG + Layout.ZVAL_SIZE * i;
            int type = i < n ? Mem.getByte(zv + Layout.ZVAL_TYPE_INFO) & 0xff : -1;
            nulls[i] = false;
            if (types[i] == PhpType.STRING && type == Layout.IS_STRING) {
                strings[i] = Mem.getLong(zv);
            } else if (types[i] == PhpType.INT && type == Layout.IS_LONG) {
                longs[i] = Mem.getLong(zv);
            } else if (!parseArgument(b, i, n, zv, type)) {
                return false;
            }
        }
        return true;
    }

    /** One argument that is missing (default), null, or of another type than declared (PHP's coercion). */
    private boolean parseArgument(HostModule.Binding b, int i, int n, long zv, int type) throws Throwable {
        strings[i] = 0;
        defaultStrings[i] = null;
        if (i >= n) {
            Object d = b.defaults[i];
            if (d == null) {
                nulls[i] = true;
            } else {
                switch (b.types[i]) {
                    case INT -> longs[i] = (Long) d;
                    case FLOAT -> doubles[i] = (Double) d;
                    case BOOL -> longs[i] = ((Boolean) d) ? 1 : 0;
                    case STRING -> defaultStrings[i] = (byte[]) d;
                    case ARRAY -> arrays[i] = 0;
                    default -> { }
                }
            }
            return true;
        }
        if (type == Layout.IS_NULL && b.nullable[i]) {
            nulls[i] = true;
            return true;
        }
        int argNum = i + 1;
        switch (b.types[i]) {
            // An exact string or int never gets here: parseArguments read it.
            case STRING -> {
                if (!(boolean) lib.parseArgStrSlow.invokeExact(MemorySegment.ofAddress(zv),
                        MemorySegment.ofAddress(outSlot), argNum)) {
                    return typeError(i, zv, b.nullable[i] ? Layout.EXPECTED_STRING_OR_NULL : Layout.EXPECTED_STRING);
                }
                strings[i] = Mem.getLong(outSlot);
            }
            case INT -> {
                if (!(boolean) lib.parseArgLongSlow.invokeExact(MemorySegment.ofAddress(zv),
                        MemorySegment.ofAddress(outSlot), argNum)) {
                    return typeError(i, zv, b.nullable[i] ? Layout.EXPECTED_LONG_OR_NULL : Layout.EXPECTED_LONG);
                }
                longs[i] = Mem.getLong(outSlot);
            }
            case BOOL -> {
                if (type == Layout.IS_TRUE || type == Layout.IS_FALSE) {
                    longs[i] = type == Layout.IS_TRUE ? 1 : 0;
                } else {
                    Mem.putLong(outSlot, 0);
                    if (!(boolean) lib.parseArgBoolSlow.invokeExact(MemorySegment.ofAddress(zv),
                            MemorySegment.ofAddress(outSlot), argNum)) {
                        return typeError(i, zv, b.nullable[i] ? Layout.EXPECTED_BOOL_OR_NULL : Layout.EXPECTED_BOOL);
                    }
                    longs[i] = Mem.getByte(outSlot) != 0 ? 1 : 0;
                }
            }
            case FLOAT -> {
                if (type == Layout.IS_DOUBLE) {
                    doubles[i] = Mem.getDouble(zv);
                } else if (type == Layout.IS_LONG) {
                    doubles[i] = Mem.getLong(zv);
                } else {
                    if (!(boolean) lib.parseArgDoubleSlow.invokeExact(MemorySegment.ofAddress(zv),
                            MemorySegment.ofAddress(outSlot), argNum)) {
                        return typeError(i, zv, b.nullable[i] ? Layout.EXPECTED_DOUBLE_OR_NULL : Layout.EXPECTED_DOUBLE);
                    }
                    doubles[i] = Mem.getDouble(outSlot);
                }
            }
            case ARRAY -> {
                if (type != Layout.IS_ARRAY) {
                    return typeError(i, zv, b.nullable[i] ? Layout.EXPECTED_ARRAY_OR_NULL : Layout.EXPECTED_ARRAY);
                }
                arrays[i] = Mem.getLong(zv);
            }
            default -> throw new IllegalStateException("parameter type " + b.types[i]);
        }
        // A coercion may have run a user error handler (deprecation of null) that threw.
        return Mem.getLong(eg() + Layout.EG_EXCEPTION) == 0;
    }

    private boolean typeError(int i, long zv, int expected) throws Throwable {
        if (Mem.getLong(eg() + Layout.EG_EXCEPTION) == 0) {
            lib.wrongParameterTypeError.invokeExact(i + 1, expected, MemorySegment.ofAddress(zv));
        }
        return false;
    }

    void throwPhp(PhpError.Kind kind, String message) throws Throwable {
        if (Mem.getLong(eg() + Layout.EG_EXCEPTION) != 0) {
            return; // one exception at a time: PHP's is already pending
        }
        String symbol = switch (kind) {
            case EXCEPTION -> "zend_ce_exception";
            case ERROR -> "zend_ce_error";
            case TYPE_ERROR -> "zend_ce_type_error";
            case VALUE_ERROR -> "zend_ce_value_error";
            case ARGUMENT_COUNT_ERROR -> "zend_ce_argument_count_error";
        };
        // Class-entry globals are only filled in once module start-up has run: read them now, not at load time.
        long ce = Mem.getLong(lib.symbol(symbol).address());
        scratch.rewind();
        long msg = scratch.cString(message, StandardCharsets.UTF_8);
        MemorySegment ignored = (MemorySegment) lib.throwException.invokeExact(MemorySegment.ofAddress(ce),
                MemorySegment.ofAddress(msg), 0L);
    }

    // ---- HostCall: arguments

    @Override
    public String functionName() {
        return binding.name;
    }

    @Override
    public int passedCount() {
        return passed;
    }

    @Override
    public boolean isNull(int index) {
        return nulls[index];
    }

    @Override
    public long getLong(int index) {
        return longs[index];
    }

    @Override
    public double getDouble(int index) {
        return doubles[index];
    }

    @Override
    public boolean getBool(int index) {
        return longs[index] != 0;
    }

    @Override
    public byte[] bytes(int index) {
        long s = strings[index];
        if (s == 0) {
            byte[] d = defaultStrings[index];
            return d == null ? null : d.clone();
        }
        return Mem.bytes(s + Layout.ZSTR_VAL, Math.toIntExact(Mem.getLong(s + Layout.ZSTR_LEN)));
    }

    @Override
    public MemorySegment segment(int index) {
        long s = strings[index];
        if (s == 0) {
            byte[] d = defaultStrings[index];
            return d == null ? null : MemorySegment.ofArray(d);
        }
        return Mem.segment(s + Layout.ZSTR_VAL, Mem.getLong(s + Layout.ZSTR_LEN));
    }

    @Override
    public byte[] borrowBytes(int index) {
        long s = strings[index];
        if (s == 0) {
            byte[] d = defaultStrings[index];
            return d == null ? null : d.clone();
        }
        int length = Math.toIntExact(Mem.getLong(s + Layout.ZSTR_LEN));
        byte[] buf = borrowed[index];
        if (buf == null || buf.length < length) {
            buf = new byte[Math.max(length, 64)];
            if (length <= MAX_KEPT_BORROW) {
                borrowed[index] = buf; // larger ones are not kept, so a one-off giant does not stay pinned
            }
        }
        Mem.copyTo(s + Layout.ZSTR_VAL, buf, length);
        return buf;
    }

    @Override
    public void copyBytes(int index, byte[] destination) {
        long s = strings[index];
        if (s == 0) {
            System.arraycopy(defaultStrings[index], 0, destination, 0, destination.length);
            return;
        }
        int length = destination.length;
        java.util.Objects.checkFromIndexSize(0, length, Mem.getLong(s + Layout.ZSTR_LEN));
        if (length > Mem.SHORT_COPY) {
            // not through Mem.copyTo: one frame less keeps the bulk copy inlined (see returnString(byte[]))
            MemorySegment.copy(Mem.ALL, ValueLayout.JAVA_BYTE, s + Layout.ZSTR_VAL, destination, 0, length);
        } else {
            Mem.copyTo(s + Layout.ZSTR_VAL, destination, length);
        }
    }

    @Override
    @SuppressWarnings("unchecked") // the slot's values are only ever created by its own supplier
    public <T> T perThread(PerThread<T> slot) {
        Object[] values = threadValues.values;
        int i = slot.index();
        if (i < values.length) {
            Object value = values[i];
            if (value != null) {
                return (T) value;
            }
        }
        return (T) threadValues.create(slot);
    }

    @Override
    public String string(int index) {
        byte[] b = bytes(index);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public long stringLength(int index) {
        long s = strings[index];
        if (s == 0) {
            byte[] d = defaultStrings[index];
            return d == null ? 0 : d.length;
        }
        return Mem.getLong(s + Layout.ZSTR_LEN);
    }

    @Override
    public byte[][] arrayOfStrings(int index) {
        long ht = arrays[index];
        if (ht == 0) {
            return new byte[0][];
        }
        int flags = Mem.getInt(ht + Layout.ZARR_FLAGS);
        boolean packed = (flags & Layout.HASH_FLAG_PACKED) != 0;
        int used = Mem.getInt(ht + Layout.ZARR_NUM_USED);
        long data = Mem.getLong(ht + Layout.ZARR_DATA);
        byte[][] out = new byte[Mem.getInt(ht + Layout.ZARR_NUM_ELEMENTS)][];
        int n = 0;
        for (int i = 0; i < used; i++) {
            long zv = packed ? data + Layout.ZVAL_SIZE * i : data + Layout.BUCKET_SIZE * i + Layout.BUCKET_VAL;
            int type = Mem.getByte(zv + Layout.ZVAL_TYPE_INFO) & 0xff;
            if (type == Layout.IS_INDIRECT) {
                zv = Mem.getLong(zv);
                type = Mem.getByte(zv + Layout.ZVAL_TYPE_INFO) & 0xff;
            }
            if (type == Layout.IS_UNDEF) {
                continue;
            }
            if (type == Layout.IS_REFERENCE) {
                zv = Mem.getLong(zv) + Layout.ZREF_VAL;
                type = Mem.getByte(zv + Layout.ZVAL_TYPE_INFO) & 0xff;
            }
            if (type == Layout.IS_STRING) {
                long s = Mem.getLong(zv);
                out[n++] = Mem.bytes(s + Layout.ZSTR_VAL, Math.toIntExact(Mem.getLong(s + Layout.ZSTR_LEN)));
            } else if (type == Layout.IS_LONG) {
                out[n++] = Long.toString(Mem.getLong(zv)).getBytes(StandardCharsets.US_ASCII);
            } else {
                throw PhpError.typeError(argumentMessage(index, "must contain only strings or ints, "
                        + typeName(zv) + " given"));
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** PHP's name for the type of the value at {@code zv}, as its own TypeErrors print it (a class by name). */
    private String typeName(long zv) {
        try {
            long name = (long) lib.zvalTypeName.invokeExact(zv);
            return MemorySegment.ofAddress(name).reinterpret(Integer.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw new IllegalStateException("zend_zval_type_name failed", t);
        }
    }

    @Override
    public String argumentMessage(int index, String problem) {
        return binding.name + "(): Argument #" + (index + 1) + " ($" + binding.paramNames[index] + ") " + problem;
    }

    // ---- HostCall: return value

    @Override
    public void returnNull() {
        Mem.putInt(returnValue + Layout.ZVAL_TYPE_INFO, Layout.IS_NULL);
    }

    @Override
    public void returnBool(boolean value) {
        Mem.putInt(returnValue + Layout.ZVAL_TYPE_INFO, value ? Layout.IS_TRUE : Layout.IS_FALSE);
    }

    @Override
    public void returnLong(long value) {
        Mem.putLong(returnValue + Layout.ZVAL_VALUE, value);
        Mem.putInt(returnValue + Layout.ZVAL_TYPE_INFO, Layout.IS_LONG);
    }

    @Override
    public void returnDouble(double value) {
        Mem.putDouble(returnValue + Layout.ZVAL_VALUE, value);
        Mem.putInt(returnValue + Layout.ZVAL_TYPE_INFO, Layout.IS_DOUBLE);
    }

    @Override
    public void returnString(byte[] value) {
        // Written out rather than delegating: callers reach this through deep chains (a store's sink), and one
        // frame less keeps the bulk copy within the JIT's inlining depth.
        int length = value.length;
        long s = newString(length);
        MemorySegment.copy(value, 0, Mem.ALL, ValueLayout.JAVA_BYTE, s + Layout.ZSTR_VAL, length);
        setStringReturn(s);
    }

    @Override
    public void returnString(byte[] value, int offset, int length) {
        long s = newString(length);
        Mem.copy(value, offset, s + Layout.ZSTR_VAL, length);
        setStringReturn(s);
    }

    @Override
    public void returnString(String value) {
        returnString(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void returnString(MemorySegment value) {
        long length = value.byteSize();
        long s = newString(length);
        MemorySegment.copy(value, 0, Mem.ALL, s + Layout.ZSTR_VAL, length);
        setStringReturn(s);
    }

    /**
     * Makes {@code s} the return value. PHP hands internal functions a null return value, so a string there was
     * returned earlier in this call (a body that read a value again because it changed meanwhile): that one, which
     * nothing else references, is freed.
     */
    private void setStringReturn(long s) {
        if (Mem.getInt(returnValue + Layout.ZVAL_TYPE_INFO) == Layout.IS_STRING_EX) {
            try {
                lib.efree.invokeExact(Mem.getLong(returnValue + Layout.ZVAL_VALUE));
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        Mem.putLong(returnValue + Layout.ZVAL_VALUE, s);
        Mem.putInt(returnValue + Layout.ZVAL_TYPE_INFO, Layout.IS_STRING_EX);
    }

    /**
     * Allocates a {@code zend_string} of {@code length} bytes (NUL-terminated) on PHP's request heap, or raises a
     * PHP {@code Error} when it does not fit in memory_limit: PHP's own over-limit fatal is a longjmp that must never
     * cross the Java frames of this upcall (see {@link RequestHeap}).
     */
    long newString(long length) {
        long size = (Layout.ZSTR_VAL + length + 1 + 7) & ~7L;
        long s = RequestHeap.allocate(size);
        if (s == 0) {
            throw PhpError.error(binding.name + "(): cannot return a string of " + length
                    + " bytes: it does not fit in memory_limit");
        }
        Mem.putInt(s + Layout.ZSTR_REFCOUNT, 1);
        Mem.putInt(s + Layout.ZSTR_TYPE_INFO, Layout.ZSTR_FRESH_TYPE_INFO);
        Mem.putLong(s + Layout.ZSTR_H, 0);
        Mem.putLong(s + Layout.ZSTR_LEN, length);
        Mem.putByte(s + Layout.ZSTR_VAL + length, (byte) 0);
        return s;
    }

    /**
     * Makes sure PHP's array functions can allocate what one more element needs (its key string and, when the
     * table grows, a table twice the current size) without hitting memory_limit inside this upcall.
     */
    private void reserveForArray(long keyBytes, int elements) {
        if (!RequestHeap.fits(64 + keyBytes + 80L * elements)) {
            throw PhpError.error(binding.name + "(): cannot return an array of " + elements
                    + " elements: it does not fit in memory_limit");
        }
    }

    @Override
    public ArrayWriter returnArray(int expectedSize) {
        long ht;
        reserveForArray(0, Math.max(8, expectedSize));
        try {
            ht = (long) lib.newArray.invokeExact(Math.max(0, expectedSize));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        Mem.putLong(returnValue + Layout.ZVAL_VALUE, ht);
        Mem.putInt(returnValue + Layout.ZVAL_TYPE_INFO, Layout.IS_ARRAY_EX);
        arrayWriter.target = returnValue;
        arrayWriter.count = 0;
        return arrayWriter;
    }

    /** Adds elements through PHP's own {@code add_assoc_*} functions, which turn numeric-string keys into ints. */
    private final class ArrayWriterImpl implements ArrayWriter {
        long target;
        int count;

        private long key(byte[] key) {
            reserveForArray(key.length, ++count);
            scratch.rewind();
            scratch.reserve(16);
            return scratch.bytes(key);
        }

        private long str(byte[] value) {
            long s = newString(value.length);
            Mem.copy(value, 0, s + Layout.ZSTR_VAL, value.length);
            return s;
        }

        @Override
        public ArrayWriter put(byte[] key, byte[] value) {
            try {
                long s = str(value);
                lib.addAssocStr.invokeExact(target, key(key), (long) key.length, s);
            } catch (PhpError e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return this;
        }

        @Override
        public ArrayWriter put(String key, byte[] value) {
            return put(key.getBytes(StandardCharsets.UTF_8), value);
        }

        @Override
        public ArrayWriter put(String key, String value) {
            return put(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public ArrayWriter put(String key, long value) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            try {
                lib.addAssocLong.invokeExact(target, key(k), (long) k.length, value);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return this;
        }

        @Override
        public ArrayWriter put(String key, double value) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            try {
                lib.addAssocDouble.invokeExact(target, key(k), (long) k.length, value);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return this;
        }

        @Override
        public ArrayWriter put(String key, boolean value) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            try {
                lib.addAssocBool.invokeExact(target, key(k), (long) k.length, value);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return this;
        }

        @Override
        public ArrayWriter putNull(byte[] key) {
            try {
                lib.addAssocNull.invokeExact(target, key(key), (long) key.length);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return this;
        }

        @Override
        public ArrayWriter putNull(String key) {
            return putNull(key.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public ArrayWriter add(byte[] value) {
            try {
                reserveForArray(0, ++count);
                int ignored = (int) lib.addNextIndexStr.invokeExact(target, str(value));
            } catch (PhpError e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return this;
        }

        @Override
        public ArrayWriter add(long value) {
            try {
                reserveForArray(0, ++count);
                int ignored = (int) lib.addNextIndexLong.invokeExact(target, value);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return this;
        }
    }
}
