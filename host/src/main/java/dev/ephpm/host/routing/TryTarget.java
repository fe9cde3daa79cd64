package dev.ephpm.host.routing;

import java.util.List;

/**
 * One entry of {@code [server] fallback}, nginx's {@code try_files}: the candidates tried in order for a request
 * path. {@code "$uri"} is the file itself, {@code "$uri/"} the directory with an index file, a path such as
 * {@code "/index.php?$query_string"} a rewrite (tried as a file, and taken unconditionally when it is last: the
 * front controller), and {@code "=404"} a status to answer with.
 */
public sealed interface TryTarget {
    /** {@code $uri}: the requested file; a {@code .php} file runs, anything else is served as is. */
    record RequestedFile() implements TryTarget {
        @Override
        public String toString() {
            return "$uri";
        }
    }

    /** {@code $uri/}: the requested directory, through its first index file. */
    record RequestedDirectory() implements TryTarget {
        @Override
        public String toString() {
            return "$uri/";
        }
    }

    /**
     * A rewrite to another path of the document root, with variables: {@code $uri} (the decoded request path),
     * {@code $query_string} and {@code $args} (the query string as sent), {@code $is_args} ("?" when there is a
     * query), {@code $request_uri} (path and query as sent).
     */
    record Rewrite(String template) implements TryTarget {
        @Override
        public String toString() {
            return template;
        }
    }

    /** {@code =404}: answer with this status. Only as the last entry. */
    record Status(int code) implements TryTarget {
        @Override
        public String toString() {
            return "=" + code;
        }
    }

    /**
     * @throws IllegalArgumentException with the reason only
     */
    static TryTarget parse(String text) {
        if (text.equals("$uri")) {
            return new RequestedFile();
        }
        if (text.equals("$uri/")) {
            return new RequestedDirectory();
        }
        if (text.startsWith("=")) {
            int code;
            try {
                code = Integer.parseInt(text.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not a status like \"=404\"");
            }
            if (code < 200 || code > 599) {
                throw new IllegalArgumentException("\"" + text + "\": the status must be 200-599");
            }
            return new Status(code);
        }
        if (text.startsWith("/")) {
            return new Rewrite(text);
        }
        throw new IllegalArgumentException("\"" + text + "\" must be \"$uri\", \"$uri/\", a path starting with /"
                + " such as \"/index.php?$query_string\", or a status such as \"=404\"");
    }

    /**
     * Parses a whole fallback list.
     *
     * @throws IllegalArgumentException with the reason only
     */
    static List<TryTarget> parseAll(List<String> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("must list at least one entry, e.g. [\"$uri\", \"=404\"]");
        }
        List<TryTarget> out = entries.stream().map(TryTarget::parse).toList();
        for (int i = 0; i < out.size() - 1; i++) {
            if (out.get(i) instanceof Status) {
                throw new IllegalArgumentException("a status such as \"" + out.get(i) + "\" can only be the last entry");
            }
        }
        return out;
    }
}
