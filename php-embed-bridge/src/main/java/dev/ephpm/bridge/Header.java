package dev.ephpm.bridge;

import java.util.Objects;

/**
 * One HTTP header line. Names and values are byte strings mapped 1:1 to chars (ISO-8859-1), so any header bytes a
 * client or a PHP script produced survive the trip unchanged.
 */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
