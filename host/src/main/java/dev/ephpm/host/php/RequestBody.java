package dev.ephpm.host.php;

import dev.ephpm.host.http.StatusPages;
import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A request body received completely before PHP runs, so that a slow uploader costs an I/O-thread callback per
 * packet and never a PHP thread. Bodies up to the buffer size stay in memory; larger ones are spooled to a
 * temporary file (as nginx does with client_body_temp), so a burst of uploads cannot exhaust the heap.
 */
public final class RequestBody implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBody.class);
    public static final RequestBody EMPTY = new RequestBody(new byte[0], 0, null);

    private final byte[] memory;
    private final long length;
    private final Path file;
    private InputStream opened;

    private RequestBody(byte[] memory, long length, Path file) {
        this.memory = memory;
        this.length = length;
        this.file = file;
    }

    /** Called on an I/O thread with the complete body. */
    @FunctionalInterface
    public interface Ready {
        void accept(HttpServerExchange exchange, RequestBody body);
    }

    public long length() {
        return length;
    }

    public boolean inMemory() {
        return file == null;
    }

    /** The bytes when held in memory, else null. */
    public byte[] bytes() {
        return memory;
    }

    /** A stream over the body (opens the spool file); {@link #close()} closes it. */
    public InputStream open() {
        if (file == null) {
            return new ByteArrayInputStream(memory, 0, (int) length);
        }
        try {
            opened = Files.newInputStream(file);
            return opened;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the stream and deletes the spool file, if any. */
    @Override
    public void close() {
        if (file != null) {
            IoUtils.safeClose(opened);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete request body spool file {}: {}", file, e.toString());
            }
        }
    }

    /**
     * Reads the body without blocking and calls {@code ready} with it. Over the exchange's max entity size the
     * client gets 413; a client that goes away just ends the exchange.
     */
    public static void receive(HttpServerExchange exchange, int memoryLimit, long maxBody, Ready ready) {
        Collector collector = new Collector(exchange.getRequestContentLength(), memoryLimit);
        exchange.getRequestReceiver().receivePartialBytes((ex, data, last) -> {
            if (collector.total + data.length > maxBody) {
                // A chunked body past the limit: keep reading and discarding to its end (Undertow stops it at
                // maxBody + LINGER_LIMIT), then answer 413 on a connection that is still in a clean state;
                // answering at once would close with unread data, and the reset can destroy the 413.
                collector.discard();
                collector.total += data.length;
                collector.overLimit = true;
            } else if (!collector.overLimit) {
                try {
                    collector.add(data);
                } catch (IOException e) {
                    collector.discard();
                    LOG.error("cannot spool a request body to a temporary file: {}", e.toString());
                    StatusPages.send(ex, 500, "cannot store the request body");
                    return;
                }
            }
            if (last) {
                if (collector.overLimit) {
                    StatusPages.send(ex, 413, "the body may be at most " + maxBody + " bytes");
                } else {
                    ready.accept(ex, collector.finish());
                }
            }
        }, (ex, error) -> {
            collector.discard();
            if (error instanceof RequestTooBigException || error instanceof Receiver.RequestToLargeException) {
                ex.setPersistent(false);
                StatusPages.send(ex, 413, "the body may be at most " + ex.getMaxEntitySize() + " bytes");
            } else {
                // the client went away or sent a broken chunked body: nobody to answer
                LOG.debug("request body from {} failed: {}", ex.getSourceAddress(), error.toString());
                IoUtils.safeClose(ex.getConnection());
                ex.endExchange();
            }
        });
    }

    /** Accumulates chunks; moves to a temporary file once past the memory limit. */
    private static final class Collector {
        private final int memoryLimit;
        private byte[] buffer;
        private int count;
        private Path file;
        private FileChannel channel;
        private long total;
        private boolean overLimit;

        Collector(long declaredLength, int memoryLimit) {
            this.memoryLimit = memoryLimit;
            int initial = declaredLength > 0 && declaredLength <= memoryLimit ? (int) declaredLength : 8192;
            this.buffer = new byte[Math.min(initial, memoryLimit)];
        }

        void add(byte[] data) throws IOException {
            if (data.length == 0) {
                return;
            }
            total += data.length;
            if (channel == null && count + data.length <= memoryLimit) {
                if (count + data.length > buffer.length) {
                    byte[] bigger = new byte[(int) Math.min(memoryLimit, Math.max(buffer.length * 2L, count + data.length))];
                    System.arraycopy(buffer, 0, bigger, 0, count);
                    buffer = bigger;
                }
                System.arraycopy(data, 0, buffer, count, data.length);
                count += data.length;
                return;
            }
            if (channel == null) {
                file = Files.createTempFile("ephpm-body-", ".tmp");
                channel = FileChannel.open(file, StandardOpenOption.WRITE);
                write(ByteBuffer.wrap(buffer, 0, count));
                buffer = null;
            }
            write(ByteBuffer.wrap(data));
        }

        private void write(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        RequestBody finish() {
            if (channel == null) {
                return new RequestBody(buffer, count, null);
            }
            IoUtils.safeClose(channel);
            return new RequestBody(null, total, file);
        }

        void discard() {
            buffer = null;
            count = 0;
            IoUtils.safeClose(channel);
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the temp directory is cleaned by the system eventually
                }
            }
        }
    }
}
