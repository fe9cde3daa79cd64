package dev.ephpm.bridge.function;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A value each PHP thread has its own copy of, for host functions: what a {@link ThreadLocal} would hold, found
 * through {@link HostCall#perThread} by an array index instead of a thread-local map lookup, which cost ~3 ns of
 * a ~25 ns call. The copy is created on the thread's first call that asks for it and lives as long as the thread.
 * Create one per purpose and keep it (a field of the object whose functions use it); there is a slot per
 * {@code PerThread} ever created.
 */
public final class PerThread<T> {
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger();

    private final int index;
    private final Supplier<? extends T> initial;

    private PerThread(Supplier<? extends T> initial) {
        this.index = NEXT_INDEX.getAndIncrement();
        this.initial = Objects.requireNonNull(initial, "initial");
    }

    /** A slot whose value on each thread starts as {@code initial.get()}, called on that thread. */
    public static <T> PerThread<T> withInitial(Supplier<? extends T> initial) {
        return new PerThread<>(initial);
    }

    /** This slot's position in a thread's values (for the bridge's own use). */
    public int index() {
        return index;
    }

    /** A new value for a thread that has none yet (for the bridge's own use). */
    public T initialValue() {
        return Objects.requireNonNull(initial.get(), "a PerThread's initial value must not be null");
    }
}
