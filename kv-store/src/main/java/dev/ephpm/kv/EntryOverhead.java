package dev.ephpm.kv;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The per-entry overhead the store charges ({@link KvStore#ENTRY_OVERHEAD_BYTES}), which depends on the size of
 * an object reference in this JVM. With compressed oops (references of 4 bytes: the default up to a 32 GiB
 * heap with G1 or Parallel) one entry's objects measured 155-187 bytes besides its key and value; without them
 * (ZGC, which the {@code ephpm} launcher uses, or a heap over 32 GiB) 199-262 bytes. Each figure is rounded up
 * so that padding and hash-table load never make the charge an underestimate. See the module README.
 */
final class EntryOverhead {
    static final int COMPRESSED_OOPS_BYTES = 200;
    static final int WIDE_OOPS_BYTES = 280;

    private EntryOverhead() {
    }

    static int detect() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            boolean compressed = Boolean.parseBoolean(hotspot.getVMOption("UseCompressedOops").getValue());
            return compressed ? COMPRESSED_OOPS_BYTES : WIDE_OOPS_BYTES;
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot, or no management module: assume the larger objects rather than undercount.
            return WIDE_OOPS_BYTES;
        }
    }
}
