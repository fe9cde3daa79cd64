package dev.ephpm.bridge;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One PHP request: what to run (a script file, or PHP source held in memory) and the request it sees.
 *
 * <p>The bridge registers {@code $_SERVER} from {@link Builder#serverVariable server variables} in the order given,
 * then {@code HTTP_*} variables for headers not already present (CGI rules: upper case, {@code -} to {@code _}),
 * and fills {@code REQUEST_METHOD}, {@code REQUEST_URI} and {@code QUERY_STRING} from the request line when the
 * caller did not. Cookies come from the {@code Cookie} headers; the body is read only when PHP asks for it.
 */
public final class PhpRequest {
    private final Path script;
    private final byte[] code;
    private final String codeName;
    private final String method;
    private final String uri;
    private final String queryString;
    private final String protocol;
    private final List<Header> headers;
    private final Map<String, String> serverVariables;
    private final InputStream body;
    private final long contentLength;
    private final String contentType;
    private final List<String> argv;
    private final boolean cli;
    private final double requestTime;

    private PhpRequest(Builder b) {
        this.script = b.script;
        this.code = b.code;
        this.codeName = b.codeName;
        this.method = b.method;
        this.uri = b.uri;
        this.queryString = b.queryString;
        this.protocol = b.protocol;
        // The builder hands its collections over rather than copying them (this runs once per HTTP request);
        // it copies them itself if it is changed after build().
        this.headers = java.util.Collections.unmodifiableList(b.headers);
        this.serverVariables = java.util.Collections.unmodifiableMap(b.serverVariables);
        this.body = b.body;
        this.contentLength = b.contentLength;
        this.contentType = b.contentType != null ? b.contentType : headerValue(b.headers, "Content-Type");
        this.argv = b.argv == null ? null : List.copyOf(b.argv);
        this.cli = b.cli;
        this.requestTime = b.requestTime;
    }

    /** Runs the PHP file at {@code script}. */
    public static Builder script(Path script) {
        Builder b = new Builder();
        b.script = Objects.requireNonNull(script, "script");
        return b;
    }

    /**
     * Runs PHP source held in memory, exactly as if it were a file's contents: it starts in HTML mode, so it
     * usually begins with {@code <?php}. {@code name} is what {@code __FILE__} and error messages show.
     */
    public static Builder code(String source, String name) {
        Builder b = new Builder();
        b.code = source.getBytes(StandardCharsets.UTF_8);
        b.codeName = Objects.requireNonNull(name, "name");
        return b;
    }

    /** {@link #code(String, String)} named "Standard input code", as PHP names code it reads from stdin. */
    public static Builder code(String source) {
        return code(source, "Standard input code");
    }

    public Path script() {
        return script;
    }

    public byte[] code() {
        return code;
    }

    public String codeName() {
        return codeName;
    }

    public String method() {
        return method;
    }

    public String uri() {
        return uri;
    }

    public String queryString() {
        return queryString;
    }

    public String protocol() {
        return protocol;
    }

    public List<Header> headers() {
        return headers;
    }

    public Map<String, String> serverVariables() {
        return serverVariables;
    }

    public InputStream body() {
        return body;
    }

    /** The body length, or -1 when unknown (PHP then reads until the stream ends). */
    public long contentLength() {
        return contentLength;
    }

    public String contentType() {
        return contentType;
    }

    /** Command-line arguments for {@code $argv}/{@code $argc}, or null for a web request. */
    public List<String> argv() {
        return argv;
    }

    /**
     * True for a command-line run: the CLI constants STDIN, STDOUT and STDERR are defined and a {@code #!} first
     * line of the script is skipped, as php-cli does.
     */
    public boolean cli() {
        return cli;
    }

    /** Seconds since the epoch when the request arrived (REQUEST_TIME_FLOAT), or 0 for "now". */
    public double requestTime() {
        return requestTime;
    }

    /** The first request header with this name (case-insensitive), or null. */
    public String header(String name) {
        return headerValue(headers, name);
    }

    private static String headerValue(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    public static final class Builder {
        private Path script;
        private byte[] code;
        private String codeName;
        private String method = "GET";
        private String uri = "/";
        private String queryString = "";
        private String protocol = "HTTP/1.1";
        private List<Header> headers = new ArrayList<>();
        private Map<String, String> serverVariables = new LinkedHashMap<>();
        private boolean handedOver;
        private InputStream body;
        private long contentLength = -1;
        private String contentType;
        private List<String> argv;
        private boolean cli;
        private double requestTime;

        private Builder() {
        }

        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /** The request target as sent, path and query, e.g. {@code /a/b.php?x=1}; also sets the query string. */
        public Builder uri(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            int q = uri.indexOf('?');
            this.queryString = q < 0 ? "" : uri.substring(q + 1);
            return this;
        }

        public Builder queryString(String queryString) {
            this.queryString = Objects.requireNonNull(queryString, "queryString");
            return this;
        }

        public Builder protocol(String protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /** After build() the collections belong to the built request: take private copies before changing them. */
        private void own() {
            if (handedOver) {
                headers = new ArrayList<>(headers);
                serverVariables = new LinkedHashMap<>(serverVariables);
                handedOver = false;
            }
        }

        public Builder header(String name, String value) {
            own();
            headers.add(new Header(name, value));
            return this;
        }

        public Builder headers(List<Header> list) {
            own();
            headers.addAll(list);
            return this;
        }

        public Builder serverVariable(String name, String value) {
            own();
            serverVariables.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder serverVariables(Map<String, String> variables) {
            variables.forEach(this::serverVariable);
            return this;
        }

        public Builder body(byte[] body) {
            this.body = new ByteArrayInputStream(body);
            this.contentLength = body.length;
            return this;
        }

        public Builder body(String body) {
            return body(body.getBytes(StandardCharsets.UTF_8));
        }

        /** A body read on demand from {@code in}; {@code length} is -1 when unknown. */
        public Builder body(InputStream in, long length) {
            this.body = in;
            this.contentLength = length;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder argv(List<String> argv) {
            this.argv = argv;
            return this;
        }

        public Builder cli(boolean cli) {
            this.cli = cli;
            return this;
        }

        public Builder requestTime(double epochSeconds) {
            this.requestTime = epochSeconds;
            return this;
        }

        public PhpRequest build() {
            PhpRequest request = new PhpRequest(this);
            handedOver = true;
            return request;
        }
    }
}
