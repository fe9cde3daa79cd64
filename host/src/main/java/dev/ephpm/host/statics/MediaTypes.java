package dev.ephpm.host.statics;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Content-Type by file extension for what web apps actually ship (the table nginx's mime.types and Caddy use,
 * plus the modern formats they added: webp, avif, woff2, mjs, wasm, webmanifest). Text types say UTF-8, as every
 * asset pipeline writes it; unknown extensions are {@code application/octet-stream}, which browsers download
 * rather than sniff.
 */
public final class MediaTypes {
    public static final String DEFAULT = "application/octet-stream";
    private static final Map<String, String> BY_EXTENSION = new HashMap<>();

    static {
        String utf8 = "; charset=utf-8";
        text("html", "text/html" + utf8);
        text("htm", "text/html" + utf8);
        text("css", "text/css" + utf8);
        text("js", "text/javascript" + utf8);
        text("mjs", "text/javascript" + utf8);
        text("json", "application/json");
        text("map", "application/json");
        text("webmanifest", "application/manifest+json");
        text("xml", "application/xml");
        text("rss", "application/rss+xml");
        text("atom", "application/atom+xml");
        text("txt", "text/plain" + utf8);
        text("md", "text/markdown" + utf8);
        text("csv", "text/csv" + utf8);
        text("ics", "text/calendar" + utf8);
        text("vtt", "text/vtt" + utf8);
        text("svg", "image/svg+xml");
        text("png", "image/png");
        text("jpg", "image/jpeg");
        text("jpeg", "image/jpeg");
        text("gif", "image/gif");
        text("webp", "image/webp");
        text("avif", "image/avif");
        text("ico", "image/x-icon");
        text("bmp", "image/bmp");
        text("tif", "image/tiff");
        text("tiff", "image/tiff");
        text("woff", "font/woff");
        text("woff2", "font/woff2");
        text("ttf", "font/ttf");
        text("otf", "font/otf");
        text("eot", "application/vnd.ms-fontobject");
        text("wasm", "application/wasm");
        text("pdf", "application/pdf");
        text("zip", "application/zip");
        text("gz", "application/gzip");
        text("tar", "application/x-tar");
        text("7z", "application/x-7z-compressed");
        text("mp3", "audio/mpeg");
        text("ogg", "audio/ogg");
        text("oga", "audio/ogg");
        text("wav", "audio/wav");
        text("flac", "audio/flac");
        text("m4a", "audio/mp4");
        text("mp4", "video/mp4");
        text("m4v", "video/mp4");
        text("webm", "video/webm");
        text("ogv", "video/ogg");
        text("mov", "video/quicktime");
        text("doc", "application/msword");
        text("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        text("xls", "application/vnd.ms-excel");
        text("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        text("ppt", "application/vnd.ms-powerpoint");
        text("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation");
        text("odt", "application/vnd.oasis.opendocument.text");
        text("epub", "application/epub+zip");
        text("apk", "application/vnd.android.package-archive");
    }

    private MediaTypes() {
    }

    private static void text(String extension, String type) {
        BY_EXTENSION.put(extension, type);
    }

    /** The Content-Type for a file name. */
    public static String forFileName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return DEFAULT;
        }
        return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }
}
