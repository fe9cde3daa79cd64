package dev.ephpm.bridge.function;

import java.lang.foreign.MemorySegment;

/**
 * One call of a host function, as seen from Java: the arguments (already checked and coerced by PHP's rules for
 * the declared parameter types, defaults filled in) and the return value to set.
 *
 * <p>Valid only during {@link HostFunctionBody#call}; never keep it. Argument indexes are 0-based. String arguments
 * are byte strings: {@link #bytes} copies them, {@link #segment} gives a zero-copy view of PHP's memory that dies
 * with the call.
 */
public interface HostCall {
    /** The function's PHP name, for messages. */
    String functionName();

    /** Arguments actually passed (defaults not counted). */
    int passedCount();

    /** True for a nullable parameter given null (or defaulting to null). */
    boolean isNull(int index);

    long getLong(int index);

    double getDouble(int index);

    boolean getBool(int index);

    /** A copy of a string argument's bytes. */
    byte[] bytes(int index);

    /** A string argument's bytes in PHP memory; valid only during the call. */
    MemorySegment segment(int index);

    /**
     * A string argument's bytes, copied into an array that the calling PHP thread reuses: its first
     * {@link #stringLength} bytes are the argument, and the array may be longer. For arguments that are only
     * looked at (lookup keys): it is valid until the function returns and must not be kept, but costs no
     * allocation, unlike {@link #bytes}. Each argument index has its own array.
     */
    byte[] borrowBytes(int index);

    /**
     * Copies the first {@code destination.length} bytes of a string argument into {@code destination}, straight
     * from PHP's memory: for a caller that allocates (or reuses) the array itself. The argument must be at least
     * that long ({@link #stringLength}).
     */
    void copyBytes(int index, byte[] destination);

    /** The calling PHP thread's own value of {@code slot}, created on its first use on this thread. */
    <T> T perThread(PerThread<T> slot);

    /** A string argument decoded as UTF-8 (invalid sequences replaced). */
    String string(int index);

    /** The length in bytes of a string argument. */
    long stringLength(int index);

    /**
     * The values of an array argument, in order, each converted to a string as PHP's {@code string} parameters
     * would (ints become their decimal form; anything else is a TypeError naming the parameter).
     */
    byte[][] arrayOfStrings(int index);

    /** An {@code Argument #n ($name) ...} message in PHP's format, for {@link PhpError}s about one argument. */
    String argumentMessage(int index, String problem);

    void returnNull();

    void returnBool(boolean value);

    void returnLong(long value);

    void returnDouble(double value);

    /**
     * Returns a copy of {@code value} as a new PHP string. Returning a string again in the same call (through any
     * of the returnString methods) replaces the first one, which is freed.
     */
    void returnString(byte[] value);

    void returnString(byte[] value, int offset, int length);

    void returnString(String value);

    /** Returns the bytes of a native segment (copied into a new PHP string). */
    void returnString(MemorySegment value);

    /** Starts an array return value; add its elements through the writer. */
    ArrayWriter returnArray(int expectedSize);

    /**
     * Builds the PHP array being returned. Keys that look like integers become integer keys, and putting a key again
     * replaces its value (the old one is freed), as in PHP.
     */
    interface ArrayWriter {
        ArrayWriter put(byte[] key, byte[] value);

        ArrayWriter put(String key, byte[] value);

        ArrayWriter put(String key, String value);

        ArrayWriter put(String key, long value);

        ArrayWriter put(String key, double value);

        ArrayWriter put(String key, boolean value);

        ArrayWriter putNull(byte[] key);

        ArrayWriter putNull(String key);

        ArrayWriter add(byte[] value);

        ArrayWriter add(long value);
    }
}
