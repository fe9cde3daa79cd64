package dev.ephpm.bridge.function;

import java.util.Objects;

/**
 * A parameter of a host function.
 *
 * @param name         the name Reflection and error messages show (without {@code $})
 * @param type         INT, FLOAT, STRING, BOOL or ARRAY
 * @param nullable     {@code ?type}: null is accepted and passed as null
 * @param defaultValue the PHP literal of the default ({@code "0"}, {@code "null"}, {@code "''"}, {@code "[]"}) for an
 *                     optional parameter, or null for a required one
 */
public record HostParam(String name, PhpType type, boolean nullable, String defaultValue) {
    public HostParam {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("parameter name must be an identifier: " + name);
        }
        switch (type) {
            case INT, FLOAT, STRING, BOOL, ARRAY -> { }
            default -> throw new IllegalArgumentException("parameter $" + name + " cannot be of type " + type);
        }
        if ("null".equalsIgnoreCase(defaultValue) && !nullable) {
            throw new IllegalArgumentException("parameter $" + name + " defaults to null but is not nullable");
        }
    }

    public boolean optional() {
        return defaultValue != null;
    }
}
