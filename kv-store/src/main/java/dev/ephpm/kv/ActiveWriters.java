package dev.ephpm.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Which generation each thread is writing to at this moment, so that a bulk operation can wait for the writes
 * already under way on a generation (and only those) before it relies on the generation no longer changing.
 *
 * <p>A write opens a window on the generation it writes ({@link Slot#open}: a volatile store, then the writer
 * reads the generation's flags) and closes it when done. The bulk operation sets a flag on the generation, then
 * calls {@link #awaitClosed}: by the usual store-then-load argument over volatile accesses, every writer either
 * saw the flag or had its window open when the bulk operation looked, and then it waits for that window to
 * close. Readers open no window: a read that runs on a generation just replaced answers as of the replacement,
 * which is a valid order for a read that overlapped it.
 *
 * <p>Cost on a write: a thread-local lookup and one volatile store (a fence on x86), a few nanoseconds. Slots
 * are per thread and shared by all stores (a slot holds the generation object, which identifies the store).
 * Slots of threads that died are found through weak references and dropped.
 */
final class ActiveWriters {
    private static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(ActiveWriters::register);
    private static final Queue<WeakReference<Slot>> SLOTS = new ConcurrentLinkedQueue<>();
    private static final int SPINS = 100;
    private static final int YIELDS = 100;
    private static final long PARK_NANOS = 20_000;

    private ActiveWriters() {
    }

    /** The calling thread's slot. */
    static Slot slot() {
        return SLOT.get();
    }

    private static Slot register() {
        Slot slot = new Slot();
        SLOTS.add(new WeakReference<>(slot));
        return slot;
    }

    /**
     * Returns once every write window that was open on {@code generation} when this method was called has
     * closed. Windows opened later are not waited for: they begin after the caller's flags were set, so they
     * see them.
     */
    static void awaitClosed(Object generation) {
        for (Iterator<WeakReference<Slot>> it = SLOTS.iterator(); it.hasNext();) {
            Slot slot = it.next().get();
            if (slot == null) {
                it.remove();
            } else {
                slot.awaitClosed(generation);
            }
        }
    }

    static final class Slot {
        private static final VarHandle INSIDE;
        private static final VarHandle OPENED;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                INSIDE = lookup.findVarHandle(Slot.class, "inside", Object.class);
                OPENED = lookup.findVarHandle(Slot.class, "opened", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The generation this thread is writing to, or null. */
        private volatile Object inside;
        /** How many windows this thread has opened: tells a waiter that the window it saw has closed. */
        private long opened;

        /** Marks this thread as writing to {@code generation}. Read the generation's flags after this. */
        void open(Object generation) {
            OPENED.setOpaque(this, opened + 1);
            inside = generation; // volatile: orders this store before the flag reads that follow
        }

        void close() {
            INSIDE.setRelease(this, null);
        }

        private void awaitClosed(Object generation) {
            if (inside != generation) {
                return;
            }
            long window = (long) OPENED.getAcquire(this);
            for (int round = 0; inside == generation && (long) OPENED.getAcquire(this) == window; round++) {
                if (round < SPINS) {
                    Thread.onSpinWait();
                } else if (round < SPINS + YIELDS) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(PARK_NANOS);
                }
            }
        }
    }
}
