package dev.ephpm.kv;

import java.util.Locale;

/** What the store does when a write would take it over its memory limit. */
public enum EvictionPolicy {
    /**
     * Evict other keys to make room, chosen by Caffeine's W-TinyLFU (a recency window in front of a
     * frequency-filtered main space). It plays the role of Redis's {@code allkeys-lru}/{@code allkeys-lfu}:
     * any key may go, with or without a TTL.
     */
    ALLKEYS,
    /** Never evict: a write that would exceed the limit is refused and the previous value stays. */
    NOEVICTION;

    /**
     * Parses a configuration spelling. Accepts the enum names and the Redis names that mean the same here
     * ({@code allkeys-lru}, {@code allkeys-lfu}, {@code noeviction}), in any case.
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static EvictionPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "allkeys", "allkeys-lru", "allkeys-lfu" -> ALLKEYS;
            case "noeviction" -> NOEVICTION;
            default -> throw new IllegalArgumentException("evictionPolicy: unknown policy '" + text
                    + "' (expected allkeys, allkeys-lru, allkeys-lfu or noeviction)");
        };
    }
}
