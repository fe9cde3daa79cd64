package dev.ephpm.host.config;

/**
 * {@code [server.request]}: how much a client may send.
 *
 * @param maxBodySize    larger bodies get 413; PHP's post_max_size and upload_max_filesize follow it
 * @param bodyBufferSize bodies up to this size are held in memory before PHP runs; larger ones are spooled to a
 *                       temporary file, so a slow uploader never holds a PHP thread and never costs heap
 * @param maxHeaderSize  request line and headers together; more gets 431
 * @param maxHeaders     header lines; more gets 431
 */
public record RequestLimits(ByteSize maxBodySize, ByteSize bodyBufferSize, ByteSize maxHeaderSize, int maxHeaders) {
    public static final ByteSize DEFAULT_MAX_BODY_SIZE = ByteSize.ofMiB(10);
    public static final ByteSize DEFAULT_BODY_BUFFER_SIZE = ByteSize.ofMiB(1);
    public static final ByteSize DEFAULT_MAX_HEADER_SIZE = ByteSize.ofKiB(64);
    public static final int DEFAULT_MAX_HEADERS = 100;

    static RequestLimits read(ConfigSection s) {
        ByteSize maxBody = s.size("max_body_size", DEFAULT_MAX_BODY_SIZE, ByteSize.ofBytes(0), ByteSize.ofBytes(1L << 40));
        ByteSize buffer = s.size("body_buffer_size", DEFAULT_BODY_BUFFER_SIZE, ByteSize.ofKiB(4), ByteSize.ofMiB(64));
        ByteSize header = s.size("max_header_size", DEFAULT_MAX_HEADER_SIZE, ByteSize.ofKiB(1), ByteSize.ofMiB(1));
        int headers = s.integer("max_headers", DEFAULT_MAX_HEADERS, 1, 10_000);
        s.finish();
        return new RequestLimits(maxBody, buffer, header, headers);
    }
}
