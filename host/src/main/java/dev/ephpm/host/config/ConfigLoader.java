package dev.ephpm.host.config;

import dev.ephpm.kv.EvictionPolicy;
import dev.ephpm.kv.KvConfig;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code ephpm.toml} and the {@code EPHPM_SECTION__KEY} environment overrides into an {@link EphpmConfig}.
 * Relative paths in the file are relative to the file's directory, so a config works from any working directory.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * @throws ConfigException listing every problem, each naming the file (or variable) and the key
     */
    public static EphpmConfig load(Path file, Map<String, String> environment) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        Path base = file.toAbsolutePath().normalize().getParent();
        return parse(text, file.toString(), base, environment);
    }

    /** The built-in defaults (plus environment overrides), relative paths against {@code baseDirectory}. */
    public static EphpmConfig defaults(Path baseDirectory, Map<String, String> environment) {
        return parse("", "defaults", baseDirectory, environment);
    }

    /** Every key the configuration has, as "table.key" (e.g. "server.request.max_body_size"). */
    public static java.util.Set<String> knownKeys() {
        ConfigSection.Context context = new ConfigSection.Context("schema", Path.of("").toAbsolutePath(), Map.of());
        read(Toml.parse(""), context);
        return java.util.Collections.unmodifiableSet(context.keysRead);
    }

    /** Parses configuration text; {@code label} names it in messages. */
    public static EphpmConfig parse(String toml, String label, Path baseDirectory, Map<String, String> environment) {
        TomlParseResult result = Toml.parse(toml);
        if (result.hasErrors()) {
            List<String> problems = new ArrayList<>();
            for (TomlParseError e : result.errors()) {
                problems.add(label + ":" + e.position().line() + ":" + e.position().column() + ": " + e.getMessage());
            }
            throw new ConfigException(problems);
        }
        ConfigSection.Context context = new ConfigSection.Context(label, baseDirectory.toAbsolutePath().normalize(),
                environment);
        EphpmConfig config = read(result, context);
        finish(context, "no such setting (EPHPM_SECTION__KEY, e.g. EPHPM_SERVER__LISTEN for [server] listen)");
        return config;
    }

    /** Adds a problem for every override nothing read, then throws if there are problems. */
    private static void finish(ConfigSection.Context context, String unusedVariable) {
        for (String name : context.environment.keySet()) {
            if (!context.usedEnvironment.contains(name)) {
                context.problems.add("environment " + name + ": " + unusedVariable);
            }
        }
        if (!context.problems.isEmpty()) {
            throw new ConfigException(context.problems);
        }
    }

    /**
     * The {@code [kv]} settings from {@code EPHPM_KV__*} environment variables alone, for {@code ephpm php}, which
     * reads no configuration file; other variables are ignored.
     *
     * @throws ConfigException naming the variable when a value is invalid or no such setting exists
     */
    public static KvConfig kvFromEnvironment(Map<String, String> environment) {
        Map<String, String> kvOnly = new java.util.TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("EPHPM_KV__")) {
                kvOnly.put(name, value);
            }
        });
        ConfigSection.Context context = new ConfigSection.Context("environment", Path.of("").toAbsolutePath(), kvOnly);
        KvConfig kv = readKv(new ConfigSection(context, "", Toml.parse("")).section("kv"));
        finish(context, "no such setting in [kv]");
        return kv;
    }

    private static EphpmConfig read(TomlParseResult toml, ConfigSection.Context context) {
        ConfigSection root = new ConfigSection(context, "", toml);
        ServerConfig server = ServerConfig.read(root.section("server"));
        PhpConfig php = PhpConfig.read(root.section("php"));
        KvConfig kv = readKv(root.section("kv"));
        root.finish();
        return new EphpmConfig(server, php, kv, context.fileLabel);
    }

    private static KvConfig readKv(ConfigSection s) {
        KvConfig d = KvConfig.defaults();
        ByteSize memory = s.size("memory_limit", ByteSize.ofBytes(d.memoryLimitBytes()),
                ByteSize.ofBytes(KvConfig.MIN_MEMORY_LIMIT_BYTES), ByteSize.ofBytes(1L << 40));
        String policyText = s.string("eviction_policy", "allkeys-lru");
        EvictionPolicy policy = d.evictionPolicy();
        try {
            policy = EvictionPolicy.parse(policyText);
        } catch (IllegalArgumentException e) {
            s.problem("eviction_policy", "must be allkeys-lru, allkeys-lfu or noeviction, was \"" + policyText + "\"");
        }
        ByteSize maxKey = s.size("max_key_size", ByteSize.ofBytes(d.maxKeyBytes()), ByteSize.ofBytes(1),
                ByteSize.ofBytes(Integer.MAX_VALUE));
        ByteSize maxValue = s.size("max_value_size", ByteSize.ofBytes(d.maxValueBytes()),
                ByteSize.ofBytes(KvConfig.MIN_MAX_VALUE_BYTES), ByteSize.ofBytes(Integer.MAX_VALUE));
        s.finish();
        try {
            return new KvConfig(memory.bytes(), policy, (int) maxKey.bytes(), (int) maxValue.bytes());
        } catch (IllegalArgumentException e) {
            s.problem("max_value_size", e.getMessage());
            return d;
        }
    }
}
