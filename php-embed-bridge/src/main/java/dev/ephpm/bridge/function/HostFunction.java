package dev.ephpm.bridge.function;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A PHP function implemented in Java, registered with the engine before it starts. PHP sees an ordinary internal
 * function: it is listed by {@code get_extension_funcs()}, Reflection shows its signature, and its arguments are
 * checked with PHP's own rules and messages ({@code TypeError}, {@code ArgumentCountError}, {@code strict_types}).
 *
 * <pre>{@code
 * HostFunction.named("str_rev_java")
 *     .param("s", PhpType.STRING)
 *     .returns(PhpType.STRING)
 *     .body(call -> call.returnString(reverse(call.bytes(0))));
 * }</pre>
 */
public record HostFunction(String name, List<HostParam> params, Set<PhpType> returnType, HostFunctionBody body) {
    public HostFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        params = List.copyOf(params);
        returnType = Set.copyOf(returnType);
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("host function names are lower-case identifiers: " + name);
        }
        boolean optionalSeen = false;
        for (HostParam p : params) {
            if (p.optional()) {
                optionalSeen = true;
            } else if (optionalSeen) {
                throw new IllegalArgumentException(name + ": required parameter $" + p.name() + " after an optional one");
            }
        }
        if (returnType.isEmpty()) {
            throw new IllegalArgumentException(name + ": declare a return type");
        }
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public int requiredCount() {
        int n = 0;
        for (HostParam p : params) {
            if (!p.optional()) {
                n++;
            }
        }
        return n;
    }

    /** The signature as PHP would print it, e.g. {@code ephpm_kv_get(string $key): ?string}. */
    public String signature() {
        String args = params.stream().map(p -> (p.nullable() ? "?" : "") + p.type().phpName() + " $" + p.name()
                + (p.optional() ? " = " + p.defaultValue() : "")).collect(Collectors.joining(", "));
        return name + "(" + args + "): " + returnTypeName();
    }

    String returnTypeName() {
        if (returnType.size() == 2 && returnType.contains(PhpType.NULL)) {
            return "?" + returnType.stream().filter(t -> t != PhpType.NULL).findFirst().orElseThrow().phpName();
        }
        return returnType.stream().sorted().map(PhpType::phpName).collect(Collectors.joining("|"));
    }

    public static final class Builder {
        private final String name;
        private final List<HostParam> params = new ArrayList<>();
        private final EnumSet<PhpType> returns = EnumSet.noneOf(PhpType.class);

        private Builder(String name) {
            this.name = name;
        }

        public Builder param(String paramName, PhpType type) {
            params.add(new HostParam(paramName, type, false, null));
            return this;
        }

        public Builder nullableParam(String paramName, PhpType type) {
            params.add(new HostParam(paramName, type, true, null));
            return this;
        }

        /** An optional parameter with a PHP literal default such as {@code "0"} or {@code "''"}. */
        public Builder optionalParam(String paramName, PhpType type, String defaultLiteral) {
            params.add(new HostParam(paramName, type, "null".equalsIgnoreCase(defaultLiteral), defaultLiteral));
            return this;
        }

        /** The return type; several types make a union ({@code INT, FALSE} is {@code int|false}). */
        public Builder returns(PhpType first, PhpType... more) {
            returns.add(first);
            returns.addAll(List.of(more));
            return this;
        }

        public HostFunction body(HostFunctionBody body) {
            return new HostFunction(name, params, returns, body);
        }
    }
}
