package dev.ephpm.host.config;

import dev.ephpm.kv.KvConfig;

/**
 * The whole, validated configuration of one server. Built once at start-up by {@link ConfigLoader}; every value
 * in it is typed and already checked, so nothing downstream validates again.
 *
 * @param server HTTP side: {@code [server]} and its sub-tables
 * @param php    the engine: {@code [php]}
 * @param kv     the in-process store: {@code [kv]}
 * @param source where it came from, for the start-up log ("ephpm.toml", or "defaults")
 */
public record EphpmConfig(ServerConfig server, PhpConfig php, KvConfig kv, String source) {
}
