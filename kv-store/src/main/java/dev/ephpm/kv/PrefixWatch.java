package dev.ephpm.kv;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What changed in a generation while a deletePrefix was scanning it and copying its surviving keys out: the keys
 * outside the prefix that were written (their copy may be stale) or evicted (their copy must go), and whether any
 * key under the prefix changed (then the count taken by the scan may be off and is taken again).
 *
 * <p>Writers report inside their write window (see {@link ActiveWriters}), so once the bulk operation has
 * waited for the windows to close, every write is either in the generation before the scan saw it or
 * reported here. Evictions are reported by Caffeine's eviction listener, under its eviction lock.
 */
final class PrefixWatch {
    private final byte[] prefix;
    private volatile Set<Key> written = ConcurrentHashMap.newKeySet();
    private final Set<Key> evicted = ConcurrentHashMap.newKeySet();
    private volatile boolean prefixTouched;

    PrefixWatch(byte[] prefix) {
        this.prefix = prefix;
    }

    boolean matches(Key key) {
        return key.startsWith(prefix);
    }

    /** A writer changed (or may have changed) {@code key}. */
    void written(Key key) {
        if (!matches(key)) {
            written.add(key);
        } else if (!prefixTouched) {
            prefixTouched = true;
        }
    }

    /** The eviction policy removed {@code key}. */
    void evicted(Key key) {
        if (!matches(key)) {
            evicted.add(key);
        } else if (!prefixTouched) {
            prefixTouched = true;
        }
    }

    /**
     * The keys written since the last call, replaced by an empty set. Writers still adding to the returned set
     * must be waited for ({@link ActiveWriters#awaitClosed}) before iterating it.
     */
    Set<Key> takeWritten() {
        Set<Key> taken = written;
        written = ConcurrentHashMap.newKeySet();
        return taken;
    }

    /** Keys evicted so far; complete once the generation is sealed and its pending maintenance has run. */
    Set<Key> evicted() {
        return evicted;
    }

    boolean prefixTouched() {
        return prefixTouched;
    }
}
