package dev.ephpm.host.php;

import dev.ephpm.bridge.Header;
import dev.ephpm.bridge.PhpRequest;
import dev.ephpm.host.http.AddressText;
import dev.ephpm.host.routing.Resolution;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The CGI/1.1 variables a PHP application expects in {@code $_SERVER}, as nginx's fastcgi_params and php-fpm set
 * them, so framework code written for nginx + php-fpm finds what it looks for (Symfony's Request and Laravel's
 * URL generation read SCRIPT_NAME, REQUEST_URI, HTTPS and SERVER_PORT).
 *
 * <p>Request headers become {@code HTTP_*} variables in the bridge, with two exceptions made here, both nginx's
 * defaults: headers whose names contain "_" are dropped ({@code X_Forwarded_For} would otherwise collide with, and
 * spoof, {@code X-Forwarded-For}), and {@code Proxy} is dropped (httpoxy: it would become HTTP_PROXY, which HTTP
 * client libraries read as their proxy setting).
 */
public final class CgiEnvironment {
    private final String documentRoot;
    private final String serverSoftware;

    public CgiEnvironment(String documentRoot, String serverSoftware) {
        this.documentRoot = documentRoot;
        this.serverSoftware = serverSoftware;
    }

    /** The request headers PHP may see as HTTP_* variables. */
    public List<Header> headers(HttpServerExchange exchange) {
        List<Header> out = new ArrayList<>(exchange.getRequestHeaders().size());
        for (HeaderValues values : exchange.getRequestHeaders()) {
            String name = values.getHeaderName().toString();
            if (name.indexOf('_') >= 0 || name.equalsIgnoreCase("Proxy") || name.startsWith(":")) {
                continue;
            }
            for (int i = 0; i < values.size(); i++) {
                out.add(new Header(name, values.get(i)));
            }
        }
        return out;
    }

    /** REQUEST_URI: the request target as the client sent it. */
    public static String requestUri(HttpServerExchange exchange) {
        String path = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            int scheme = path.indexOf("://");
            int slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        String query = exchange.getQueryString();
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** Adds the CGI variables to {@code request} (straight into the builder: no intermediate map per request). */
    public void addVariables(PhpRequest.Builder request, HttpServerExchange exchange, Resolution.PhpScript script,
                             String requestUri, RequestBody body, String contentType) {
        Variables v = request::serverVariable;
        boolean https = "https".equals(exchange.getRequestScheme());
        InetSocketAddress local = exchange.getDestinationAddress();
        InetSocketAddress remote = exchange.getSourceAddress();
        v.put("SERVER_SOFTWARE", serverSoftware);
        v.put("SERVER_NAME", serverName(exchange, local));
        v.put("SERVER_ADDR", address(local));
        v.put("SERVER_PORT", local == null ? "" : Integer.toString(local.getPort()));
        v.put("REMOTE_ADDR", address(remote));
        v.put("REMOTE_PORT", remote == null ? "" : Integer.toString(remote.getPort()));
        v.put("GATEWAY_INTERFACE", "CGI/1.1");
        v.put("SERVER_PROTOCOL", exchange.getProtocol().toString());
        v.put("REQUEST_SCHEME", https ? "https" : "http");
        if (https) {
            v.put("HTTPS", "on");
        }
        v.put("DOCUMENT_ROOT", documentRoot);
        v.put("DOCUMENT_URI", script.scriptName() + script.pathInfo());
        v.put("REQUEST_METHOD", exchange.getRequestMethod().toString());
        v.put("REQUEST_URI", requestUri);
        v.put("QUERY_STRING", script.queryString());
        v.put("SCRIPT_NAME", script.scriptName());
        v.put("SCRIPT_FILENAME", script.file().toString());
        if (!script.pathInfo().isEmpty()) {
            v.put("PATH_INFO", script.pathInfo());
            v.put("PATH_TRANSLATED", documentRoot + script.pathInfo());
        }
        v.put("PHP_SELF", script.scriptName() + script.pathInfo());
        if (contentType != null) {
            v.put("CONTENT_TYPE", contentType);
        }
        if (body.length() > 0 || exchange.getRequestHeaders().contains(Headers.CONTENT_LENGTH)) {
            v.put("CONTENT_LENGTH", Long.toString(body.length()));
        }
        // what php-cgi's cgi.force_redirect checks; nginx sets it too, and some scripts test for it
        v.put("REDIRECT_STATUS", "200");
    }

    /** Where variables go. */
    @FunctionalInterface
    private interface Variables {
        void put(String name, String value);
    }

    private static String serverName(HttpServerExchange exchange, InetSocketAddress local) {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (host == null || host.isEmpty()) {
            return address(local);
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String address(InetSocketAddress a) {
        return AddressText.of(a);
    }
}
