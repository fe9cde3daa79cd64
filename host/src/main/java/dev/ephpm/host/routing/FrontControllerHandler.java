package dev.ephpm.host.routing;

import dev.ephpm.host.http.StatusPages;
import dev.ephpm.host.safety.DocumentRoot;
import dev.ephpm.host.safety.RequestPath;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the request path the way nginx's {@code try_files $uri $uri/ /index.php?$query_string} does, which is
 * what Laravel's and Symfony's {@code public/index.php} front controllers expect: an existing file is served (or
 * run, if it is PHP), a directory is served through its index file, and everything else goes to the front
 * controller with the original REQUEST_URI. Also splits PATH_INFO off {@code /script.php/more/path}.
 *
 * <p>Only files whose name ends in {@code .php} ever run, whatever the URL looks like (no
 * {@code cgi.fix_pathinfo} surprises: {@code /upload.jpg/x.php} runs nothing). Other files that hold PHP source
 * are refused with 403 rather than sent as text: other PHP extensions ({@code .phtml}, {@code .inc}, ...) and the
 * copies editors and deploys leave beside a script ({@code config.php~}, {@code config.php.bak},
 * {@code config.php.swp}, {@code #config.php#}, {@code config.php-dist}), which nginx would serve.
 */
public final class FrontControllerHandler implements HttpHandler {
    /** Extensions of PHP source (and of files PHP includes). */
    private static final Set<String> SOURCE_EXTENSIONS = Set.of("php", "phtml", "pht", "phar", "phps", "php3",
            "php4", "php5", "php7", "php8", "inc");
    /**
     * What editors, deploys and people put after a file name to keep a copy ({@code x.php.bak}, {@code x.php.1}):
     * a source extension followed only by these is still source. Followed by anything else it is not
     * ({@code Foo.php.html} from a coverage report, {@code lib.inc.js}).
     */
    private static final Pattern BACKUP_SUFFIX = Pattern.compile(
            "bak|backup|back|bk|old|orig|save|sav|swp|swo|tmp|temp|dist|copy|rej|\\d+");

    private static final Pattern VARIABLE = Pattern.compile("\\$(query_string|args|is_args|request_uri|uri)");

    private final DocumentRoot root;
    private final List<String> indexFiles;
    private final List<TryTarget> fallback;
    private final HttpHandler staticFiles;
    private final HttpHandler php;

    public FrontControllerHandler(DocumentRoot root, List<String> indexFiles, List<TryTarget> fallback,
                                  HttpHandler staticFiles, HttpHandler php) {
        this.root = root;
        this.indexFiles = List.copyOf(indexFiles);
        this.fallback = List.copyOf(fallback);
        this.staticFiles = staticFiles;
        this.php = php;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RequestPath path = exchange.getAttachment(RequestPath.KEY);
        Resolution resolution = resolve(path, exchange.getQueryString());
        switch (resolution) {
            case Resolution.StaticFile f -> {
                exchange.putAttachment(Resolution.StaticFile.KEY, f);
                staticFiles.handleRequest(exchange);
            }
            case Resolution.PhpScript s -> {
                exchange.putAttachment(Resolution.PhpScript.KEY, s);
                php.handleRequest(exchange);
            }
            case Resolution.Redirect r -> {
                exchange.setStatusCode(301);
                exchange.getResponseHeaders().put(Headers.LOCATION, r.location());
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                exchange.getResponseSender().send("301 Moved Permanently\n");
            }
            case Resolution.Status st -> StatusPages.send(exchange, st.code());
        }
    }

    /** The resolution for a safe request path and its raw query string. Public for tests. */
    public Resolution resolve(RequestPath path, String query) {
        for (int i = 0; i < fallback.size(); i++) {
            boolean last = i == fallback.size() - 1;
            Resolution r = switch (fallback.get(i)) {
                case TryTarget.RequestedFile f -> file(path.decoded(), path.segments(), query);
                case TryTarget.RequestedDirectory d -> directory(path, query);
                case TryTarget.Rewrite w -> rewrite(w.template(), path, query, last);
                case TryTarget.Status s -> new Resolution.Status(s.code());
            };
            if (r != null) {
                return r;
            }
        }
        return new Resolution.Status(404);
    }

    private Resolution file(String decoded, List<String> segments, String query) {
        if (!decoded.endsWith("/")) {
            DocumentRoot.Found found = root.find(decoded);
            if (found != null && found.isFile()) {
                return forFile(found, decoded, "", query);
            }
            if (found != null) {
                return null;
            }
        }
        // /index.php/some/path: the script is the first segment ending in .php that is a file;
        // /index.php/ is that script with PATH_INFO "/" (as Apache and nginx's split_path_info give)
        boolean trailingSlash = decoded.endsWith("/");
        for (int k = 1; k <= segments.size(); k++) {
            if (k == segments.size() && !trailingSlash) {
                break; // "/a.php" is the file itself, handled above
            }
            if (!segments.get(k - 1).toLowerCase(Locale.ROOT).endsWith(".php")) {
                continue;
            }
            String scriptName = "/" + String.join("/", segments.subList(0, k));
            DocumentRoot.Found script = root.find(scriptName);
            if (script != null && script.isFile()) {
                String rest = String.join("/", segments.subList(k, segments.size()));
                String info = rest.isEmpty() ? "/" : "/" + rest + (trailingSlash ? "/" : "");
                return new Resolution.PhpScript(script.path(), scriptName, info, query);
            }
            return null;
        }
        return null;
    }

    private Resolution directory(RequestPath path, String query) {
        DocumentRoot.Found dir = root.find(path.decoded());
        if (dir == null || !dir.isDirectory()) {
            return null;
        }
        String base = path.decoded().endsWith("/") ? path.decoded() : path.decoded() + "/";
        for (String index : indexFiles) {
            DocumentRoot.Found f = root.find(base + index);
            if (f != null && f.isFile()) {
                if (!path.decoded().endsWith("/")) {
                    return new Resolution.Redirect(path.raw() + "/" + (query.isEmpty() ? "" : "?" + query));
                }
                return forFile(f, base + index, "", query);
            }
        }
        return null;
    }

    private Resolution rewrite(String template, RequestPath path, String query, boolean last) {
        // one pass, so text inside a substituted value (a query containing "$uri") is never expanded again
        String expanded = VARIABLE.matcher(template).replaceAll(m -> Matcher.quoteReplacement(switch (m.group(1)) {
            case "query_string", "args" -> query;
            case "is_args" -> query.isEmpty() ? "" : "?";
            case "request_uri" -> path.raw() + (query.isEmpty() ? "" : "?" + query);
            default -> path.decoded();
        }));
        int q = expanded.indexOf('?');
        String target = q < 0 ? expanded : expanded.substring(0, q);
        String newQuery = q < 0 ? "" : expanded.substring(q + 1);
        RequestPath.Parsed parsed = RequestPath.parse(target.replace("%", "%25"));
        if (parsed.path() == null) {
            return last ? new Resolution.Status(404) : null;
        }
        Resolution r = file(parsed.path().decoded(), parsed.path().segments(), newQuery);
        if (r == null && last) {
            return new Resolution.Status(404);
        }
        return r;
    }

    private static Resolution forFile(DocumentRoot.Found found, String urlPath, String pathInfo, String query) {
        String name = found.path().getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".php")) {
            return new Resolution.PhpScript(found.path(), urlPath, pathInfo, query);
        }
        return holdsPhpSource(name) ? new Resolution.Status(403) : new Resolution.StaticFile(found);
    }

    /**
     * Whether a file name (lower case) is PHP source or a copy of it: a source extension that is the last one,
     * or is followed only by backup suffixes, once trailing spaces and dots, editors' "~" and "#", and a "-dist"
     * or "_bak" glued to the extension are set aside ({@code x.php~}, {@code #x.php#}, {@code x.php-dist},
     * {@code x.php_bak}, {@code x.php.bak}, {@code "x.php "}).
     */
    private static boolean holdsPhpSource(String name) {
        // On every static file request: plain string work, no regex compiled per call, and most names (every
        // source extension starts with "p" or is "inc") leave at the first test.
        if (!name.contains(".p") && !name.contains(".inc")) {
            return false;
        }
        int end = name.length();
        while (end > 0 && (Character.isWhitespace(name.charAt(end - 1)) || name.charAt(end - 1) == '.')) {
            end--;
        }
        String[] parts = name.substring(0, end).split("\\.", -1);
        for (int i = 1; i < parts.length; i++) {
            String ext = stripEditorMarks(parts[i]);
            int glued = indexOfAny(ext, '-', '_');
            if (glued > 0 && BACKUP_SUFFIX.matcher(ext.substring(glued + 1)).matches()) {
                ext = ext.substring(0, glued);
            }
            if (SOURCE_EXTENSIONS.contains(ext) && onlyBackupSuffixesFrom(parts, i + 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlyBackupSuffixesFrom(String[] parts, int from) {
        for (int i = from; i < parts.length; i++) {
            if (!BACKUP_SUFFIX.matcher(stripEditorMarks(parts[i])).matches()) {
                return false;
            }
        }
        return true;
    }

    /** "php~" and "php#" (editors' backup and autosave names) count as "php". */
    private static String stripEditorMarks(String ext) {
        int end = ext.length();
        while (end > 0 && (ext.charAt(end - 1) == '~' || ext.charAt(end - 1) == '#')) {
            end--;
        }
        return end == ext.length() ? ext : ext.substring(0, end);
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
