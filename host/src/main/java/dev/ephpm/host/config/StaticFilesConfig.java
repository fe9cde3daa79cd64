package dev.ephpm.host.config;

/**
 * {@code [server.static]}: how files other than PHP scripts are served.
 *
 * @param denyHiddenFiles refuse any path with a segment starting with "." ({@code .env}, {@code .git/}) except
 *                        {@code .well-known}; applies to PHP scripts too
 * @param etag            send ETag (from size and modification time) and answer If-None-Match with 304
 * @param cacheControl    Cache-Control value for static files; empty sends none
 */
public record StaticFilesConfig(boolean denyHiddenFiles, boolean etag, String cacheControl) {
    static StaticFilesConfig read(ConfigSection s) {
        String hidden = s.choice("hidden_files", "deny", "deny", "allow");
        boolean etag = s.bool("etag", true);
        String cacheControl = s.check("cache_control", s.string("cache_control", ""),
                v -> v.chars().anyMatch(c -> c < 0x20 || c > 0x7e) ? "must be printable ASCII" : null, "");
        s.finish();
        return new StaticFilesConfig(hidden.equals("deny"), etag, cacheControl);
    }
}
