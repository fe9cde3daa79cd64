package dev.ephpm.host.config;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One table of the configuration file ({@code [server.request]}) with the environment overrides that apply to it,
 * read key by key into typed values. Every read names the key, so that afterwards {@link #finish()} can report the
 * keys nobody asked for: a typo must stop start-up, not be silently ignored.
 *
 * <p>Problems are collected, not thrown, so one start-up attempt reports every mistake in the file at once. A
 * getter that meets a bad value records the problem and returns the default, which keeps the rest of the loading
 * going; {@link ConfigLoader} throws once everything was read.
 */
public final class ConfigSection {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final Context context;
    private final String path;
    private final TomlTable table;
    private final Set<String> known = new LinkedHashSet<>();

    /** Shared by all sections of one load: where values come from and the problems found so far. */
    static final class Context {
        final String fileLabel;
        final Path baseDirectory;
        final Map<String, String> environment;
        final Set<String> usedEnvironment = new LinkedHashSet<>();
        /** Every key read, as "table.key": the schema, for tests and documentation. */
        final Set<String> keysRead = new LinkedHashSet<>();
        final List<String> problems = new ArrayList<>();

        Context(String fileLabel, Path baseDirectory, Map<String, String> environment) {
            this.fileLabel = fileLabel;
            this.baseDirectory = baseDirectory;
            Map<String, String> overrides = new TreeMap<>();
            environment.forEach((k, v) -> {
                if (isOverride(k)) {
                    overrides.put(k, v);
                }
            });
            this.environment = overrides;
        }

        /** Only {@code EPHPM_SECTION__KEY} names are settings; other EPHPM_* variables belong to the launcher. */
        static boolean isOverride(String name) {
            return name.startsWith("EPHPM_") && name.indexOf("__", 6) > 6;
        }
    }

    /** Where one value came from, for messages. */
    private record Raw(Object value, String origin) {
    }

    ConfigSection(Context context, String path, TomlTable table) {
        this.context = context;
        this.path = path;
        this.table = table;
    }

    /** The section name as written in the file, e.g. {@code [server.request]}. */
    public String displayName() {
        return "[" + path + "]";
    }

    /** Directory that relative paths in the configuration are resolved against: the config file's. */
    public Path baseDirectory() {
        return context.baseDirectory;
    }

    // ---- sub-tables

    public ConfigSection section(String name) {
        known.add(name);
        String childPath = path.isEmpty() ? name : path + "." + name;
        TomlTable child = null;
        if (table != null && table.contains(List.of(name))) {
            Object v = table.get(List.of(name));
            if (v instanceof TomlTable t) {
                child = t;
            } else {
                context.problems.add(context.fileLabel + ": [" + childPath + "]: must be a table, was " + describe(v));
            }
        }
        return new ConfigSection(context, childPath, child);
    }

    // ---- typed getters

    public String string(String key, String defaultValue) {
        Raw raw = raw(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw.value instanceof String s) {
            return s;
        }
        return bad(key, raw, "must be a string", defaultValue);
    }

    /** A string that must be one of {@code allowed} (compared case-insensitively; returned lower-case). */
    public String choice(String key, String defaultValue, String... allowed) {
        String s = string(key, defaultValue);
        String lower = s.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        problem(key, "must be one of " + String.join(", ", allowed) + ", was " + quote(s));
        return defaultValue;
    }

    public boolean bool(String key, boolean defaultValue) {
        Raw raw = raw(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw.value instanceof Boolean b) {
            return b;
        }
        if (raw.value instanceof String s && isEnvironment(raw)) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on":
                    return true;
                case "false", "0", "no", "off":
                    return false;
                default:
                    break;
            }
        }
        return bad(key, raw, "must be true or false", defaultValue);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Raw raw = raw(key);
        if (raw == null) {
            return defaultValue;
        }
        Long n = null;
        if (raw.value instanceof Long l) {
            n = l;
        } else if (raw.value instanceof String s && isEnvironment(raw)) {
            try {
                n = Long.parseLong(s.trim());
            } catch (NumberFormatException ignored) {
                n = null;
            }
        }
        if (n == null) {
            return bad(key, raw, "must be an integer", defaultValue);
        }
        if (n < min || n > max) {
            return bad(key, raw, "must be between " + min + " and " + max, defaultValue);
        }
        return n.intValue();
    }

    public ByteSize size(String key, ByteSize defaultValue, ByteSize min, ByteSize max) {
        Raw raw = raw(key);
        if (raw == null) {
            return defaultValue;
        }
        ByteSize size;
        try {
            if (raw.value instanceof Long l) {
                size = ByteSize.ofBytes(l);
            } else if (raw.value instanceof String s) {
                size = ByteSize.parse(s);
            } else {
                return bad(key, raw, "must be a size like \"" + defaultValue + "\"", defaultValue);
            }
        } catch (IllegalArgumentException e) {
            return bad(key, raw, "must be a size like \"" + defaultValue + "\"", defaultValue);
        }
        if (size.bytes() < min.bytes() || size.bytes() > max.bytes()) {
            return bad(key, raw, "must be between " + min + " and " + max, defaultValue);
        }
        return size;
    }

    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Raw raw = raw(key);
        if (raw == null) {
            return defaultValue;
        }
        Duration d = raw.value instanceof String s ? parseDuration(s) : null;
        if (d == null) {
            return bad(key, raw, "must be a duration like \"" + formatDuration(defaultValue) + "\" (ms, s, m, h)",
                    defaultValue);
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            return bad(key, raw, "must be between " + formatDuration(min) + " and " + formatDuration(max),
                    defaultValue);
        }
        return d;
    }

    public ListenAddress address(String key, ListenAddress defaultValue) {
        String s = string(key, null);
        if (s == null) {
            return defaultValue;
        }
        try {
            return ListenAddress.parse(s);
        } catch (IllegalArgumentException e) {
            problem(key, "must be host:port like \"0.0.0.0:8080\" (" + e.getMessage() + "), was " + quote(s));
            return defaultValue;
        }
    }

    /** A path; relative ones are resolved against the config file's directory. Empty means "not set" (null). */
    public Path path(String key, String defaultValue) {
        String s = string(key, defaultValue);
        if (s == null || s.isBlank()) {
            return null;
        }
        return context.baseDirectory.resolve(s).normalize();
    }

    public List<String> strings(String key, List<String> defaultValue) {
        Raw raw = raw(key);
        if (raw == null) {
            return defaultValue;
        }
        Object v = raw.value;
        if (v instanceof String s && isEnvironment(raw)) {
            String t = s.trim();
            if (t.startsWith("[")) {
                TomlParseResult parsed = Toml.parse("v = " + t);
                if (parsed.hasErrors()) {
                    return bad(key, raw, "must be a list of strings like [\"a\", \"b\"]", defaultValue);
                }
                v = parsed.get(List.of("v"));
            } else {
                return t.isEmpty() ? List.of() : Arrays.stream(t.split(",")).map(String::trim).toList();
            }
        }
        if (!(v instanceof TomlArray array)) {
            return bad(key, raw, "must be a list of strings", defaultValue);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof String s)) {
                return bad(key, raw, "must be a list of strings (item " + (i + 1) + " is not a string)", defaultValue);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /**
     * A free-form table of scalar values (php.ini entries): nested tables are flattened with dots, so
     * {@code opcache.enable = 1} and {@code "opcache.enable" = 1} mean the same. Booleans become "1"/"0".
     * Environment: {@code EPHPM_PHP__INI__OPCACHE__ENABLE=1} sets {@code opcache.enable}.
     */
    public Map<String, String> scalars(String key) {
        known.add(key);
        context.keysRead.add(path + "." + key);
        Map<String, String> out = new LinkedHashMap<>();
        if (table != null && table.contains(List.of(key))) {
            Object v = table.get(List.of(key));
            if (v instanceof TomlTable t) {
                flatten(key, "", t, out);
            } else {
                context.problems.add(context.fileLabel + ": [" + path + "] " + key + ": must be a table, was "
                        + describe(v));
            }
        }
        String prefix = environmentName(key) + "__";
        for (Map.Entry<String, String> e : context.environment.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().length() > prefix.length()) {
                context.usedEnvironment.add(e.getKey());
                String entry = e.getKey().substring(prefix.length()).toLowerCase(Locale.ROOT).replace("__", ".");
                out.put(entry, e.getValue());
            }
        }
        return out;
    }

    private void flatten(String key, String prefix, TomlTable t, Map<String, String> out) {
        for (String k : t.keySet()) {
            Object v = t.get(List.of(k));
            String name = prefix + k;
            switch (v) {
                case TomlTable nested -> flatten(key, name + ".", nested, out);
                case String s -> out.put(name, s);
                case Boolean b -> out.put(name, b ? "1" : "0");
                case Long l -> out.put(name, Long.toString(l));
                case Double d -> out.put(name, d.toString());
                default -> context.problems.add(context.fileLabel + ": [" + path + "." + key + "] " + name
                        + ": must be a string, number or boolean, was " + describe(v));
            }
        }
    }

    /**
     * Validates a value read with another getter; records {@code problem} for {@code key} when the check fails.
     *
     * @return the value, or {@code fallback} when it failed
     */
    public <T> T check(String key, T value, Function<T, String> problemOrNull, T fallback) {
        String p = value == null ? null : problemOrNull.apply(value);
        if (p != null) {
            problem(key, p);
            return fallback;
        }
        return value;
    }

    /** Records a problem with {@code key} found by a cross-key check. */
    public void problem(String key, String message) {
        String env = environmentName(key);
        String origin = context.environment.containsKey(env) ? "environment " + env : context.fileLabel;
        context.problems.add(origin + ": " + displayName() + " " + key + ": " + message);
    }

    /** Reports keys of this table that no getter asked for. Call after reading every key of the section. */
    public void finish() {
        if (table == null) {
            return;
        }
        for (String k : table.keySet()) {
            if (!known.contains(k)) {
                String hint = suggestion(k);
                String where = path.isEmpty() ? "[" + k + "]: unknown section" : displayName() + " " + k + ": unknown key";
                context.problems.add(context.fileLabel + ": " + where
                        + (hint == null ? "" : " (did you mean " + (path.isEmpty() ? "[" + hint + "]" : hint) + "?)")
                        + (path.isEmpty() ? "" : "; known keys: " + String.join(", ", known)));
            }
        }
    }

    // ---- internals

    private Raw raw(String key) {
        known.add(key);
        context.keysRead.add(path.isEmpty() ? key : path + "." + key);
        String env = environmentName(key);
        String fromEnv = context.environment.get(env);
        if (fromEnv != null) {
            context.usedEnvironment.add(env);
            return new Raw(fromEnv, "environment " + env);
        }
        if (table == null || !table.contains(List.of(key))) {
            return null;
        }
        return new Raw(table.get(List.of(key)), context.fileLabel);
    }

    private boolean isEnvironment(Raw raw) {
        return raw.origin.startsWith("environment ");
    }

    String environmentName(String key) {
        String full = path.isEmpty() ? key : path + "." + key;
        return "EPHPM_" + full.toUpperCase(Locale.ROOT).replace(".", "__");
    }

    private <T> T bad(String key, Raw raw, String message, T fallback) {
        context.problems.add(raw.origin + ": " + displayName() + " " + key + ": " + message + ", was "
                + describe(raw.value));
        return fallback;
    }

    private String suggestion(String unknown) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = levenshtein(unknown.toLowerCase(Locale.ROOT), k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, unknown.length() / 3) ? best : null;
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static String describe(Object v) {
        return switch (v) {
            case null -> "nothing";
            case String s -> quote(s);
            case TomlArray a -> a.toJson().replaceAll("\\s+", " ").trim();
            case TomlTable t -> "a table";
            default -> v.toString();
        };
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Parses "30s", "500ms", "1m30s", "2h"; null when it is not a duration. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return null;
        }
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(t);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < t.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            at = m.end();
        }
        return total;
    }

    /** "30s", "500ms", "2m", "1h30m" */
    public static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder sb = new StringBuilder();
        if (s >= 3600) {
            sb.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            sb.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }
}
