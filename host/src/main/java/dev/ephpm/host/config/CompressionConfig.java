package dev.ephpm.host.config;

import java.util.List;

/**
 * {@code [server.compression]}: gzip for responses whose type compresses well, PHP's and static files' alike.
 *
 * @param enabled whether to compress at all
 * @param level   1 (fastest) to 9 (smallest)
 * @param minSize responses known to be smaller are sent as they are (compression would not pay)
 * @param types   media types to compress; {@code text/*} matches every text type
 */
public record CompressionConfig(boolean enabled, int level, ByteSize minSize, List<String> types) {
    public static final List<String> DEFAULT_TYPES = List.of("text/*", "application/javascript", "application/json",
            "application/xml", "application/rss+xml", "application/atom+xml", "application/manifest+json",
            "application/ld+json", "image/svg+xml", "application/wasm", "font/ttf", "font/otf");

    static CompressionConfig read(ConfigSection s) {
        boolean enabled = s.bool("enabled", true);
        int level = s.integer("level", 6, 1, 9);
        ByteSize minSize = s.size("min_size", ByteSize.ofKiB(1), ByteSize.ofBytes(0), ByteSize.ofMiB(1));
        List<String> types = s.check("types", s.strings("types", DEFAULT_TYPES),
                l -> l.stream().allMatch(t -> t.matches("[a-z0-9.+-]+/(\\*|[a-z0-9.+-]+)")) ? null
                        : "must be media types like \"text/*\" or \"application/json\"", DEFAULT_TYPES);
        s.finish();
        return new CompressionConfig(enabled, level, minSize, types);
    }

    /** Whether a Content-Type value (parameters allowed) is one of {@link #types}. */
    public boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
        for (String t : types) {
            if (t.endsWith("/*") ? type.startsWith(t.substring(0, t.length() - 1)) : type.equals(t)) {
                return true;
            }
        }
        return false;
    }
}
