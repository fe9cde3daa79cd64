package dev.ephpm.host.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes as written in configuration: {@code "10MiB"}, {@code "512KiB"}, {@code "1.5G"} or a plain
 * integer. Units are binary, as in php.ini and nginx: {@code K}, {@code KB} and {@code KiB} all mean 1024 bytes,
 * because nobody who writes {@code memory_limit = "128M"} means 128,000,000.
 */
public record ByteSize(long bytes) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative");
        }
    }

    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    public static ByteSize ofKiB(long n) {
        return new ByteSize(Math.multiplyExact(n, 1024L));
    }

    public static ByteSize ofMiB(long n) {
        return new ByteSize(Math.multiplyExact(n, 1024L * 1024));
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException when it is not a size (the message is only the reason)
     */
    public static ByteSize parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size");
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            default -> 1L;
        };
        BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("too large");
        }
        if (value.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("not a whole number of bytes");
        }
        return new ByteSize(value.longValueExact());
    }

    /** The shortest exact spelling: {@code 10MiB}, {@code 1536KiB}, {@code 100}. */
    @Override
    public String toString() {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
