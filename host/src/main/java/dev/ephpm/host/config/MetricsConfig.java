package dev.ephpm.host.config;

/**
 * {@code [server.metrics]}: the Prometheus endpoint.
 *
 * @param enabled whether to serve it
 * @param path    where; requests for it never reach PHP
 */
public record MetricsConfig(boolean enabled, String path) {
    static MetricsConfig read(ConfigSection s) {
        boolean enabled = s.bool("enabled", true);
        String path = s.check("path", s.string("path", "/_ephpm/metrics"),
                p -> p.matches("/[A-Za-z0-9._~/-]*") ? null : "must be a plain path starting with /", "/_ephpm/metrics");
        s.finish();
        return new MetricsConfig(enabled, path);
    }
}
