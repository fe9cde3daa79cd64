package dev.ephpm.host.routing;

import dev.ephpm.host.safety.DocumentRoot;
import io.undertow.util.AttachmentKey;

import java.nio.file.Path;

/** What a request path resolved to under {@code [server] fallback}. */
public sealed interface Resolution {
    /** A file to send as it is. */
    record StaticFile(DocumentRoot.Found file) implements Resolution {
        public static final AttachmentKey<StaticFile> KEY = AttachmentKey.create(StaticFile.class);
    }

    /**
     * A PHP script to run.
     *
     * @param file        the script (SCRIPT_FILENAME)
     * @param scriptName  its URL path (SCRIPT_NAME), e.g. {@code /index.php}
     * @param pathInfo    what followed the script in the URL ({@code /index.php/a/b} gives {@code /a/b}), or ""
     * @param queryString the query string PHP sees: the request's, or the one a rewrite built
     */
    record PhpScript(Path file, String scriptName, String pathInfo, String queryString) implements Resolution {
        public static final AttachmentKey<PhpScript> KEY = AttachmentKey.create(PhpScript.class);
    }

    /** A directory asked for without its trailing slash: 301 to the slashed URL, as nginx and Apache do. */
    record Redirect(String location) implements Resolution {
    }

    /** Nothing matched, or a {@code =404} entry: answer with this status. */
    record Status(int code) implements Resolution {
    }
}
