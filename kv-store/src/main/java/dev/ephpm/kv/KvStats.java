package dev.ephpm.kv;

/**
 * A snapshot of the store's counters. Counters are monotonic since the store was created (flushAll does not
 * reset them); entries and bytesUsed are what the store holds now, including expired entries that have not
 * been reclaimed yet.
 *
 * @param entries        entries held (Caffeine's estimate; may include expired, unreclaimed ones)
 * @param bytesUsed      memory charged for them: key bytes + value bytes + {@link KvStore#ENTRY_OVERHEAD_BYTES} each
 * @param byteLimit      the configured {@link KvConfig#memoryLimitBytes()}
 * @param hits           get/getMany lookups that found a live value
 * @param misses         get/getMany lookups that found nothing (missing or expired)
 * @param evictions      entries removed to stay under byteLimit
 * @param expirations    entries removed because their TTL ran out
 * @param rejectedWrites writes refused: key or value too large, or no room under {@link EvictionPolicy#NOEVICTION}
 */
public record KvStats(long entries, long bytesUsed, long byteLimit, long hits, long misses,
                      long evictions, long expirations, long rejectedWrites) {

    /** hits / (hits + misses), or 0 before any lookup. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
