package dev.ephpm.host.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes access-log lines in batches from one background thread, like nginx's {@code access_log ... buffer=
 * flush=}: a request only queues its entry (no lock, no formatting, no system call, no thread wake-up), and the
 * writer wakes every few milliseconds to format and write everything queued in one system call. A logging framework's
 * appender costs a lock, an encoder pass and a write per line, and on a two-core machine that measurably cut the
 * throughput of small requests.
 *
 * <p>Lines are never dropped: if the writer falls far behind (a stalled disk or pipe), producers wait for it.
 */
public final class AccessLogWriter implements AutoCloseable {
    /** How long a line may wait before it is written. */
    static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Queued lines beyond which producers wait for the writer. */
    static final int MAX_PENDING = 65_536;

    private final WritableByteChannel out;
    private final boolean closeOut;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final java.util.function.Function<Object, String> formatter;
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread writer;
    private volatile boolean running = true;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    private AccessLogWriter(WritableByteChannel out, boolean closeOut, java.util.function.Function<Object, String> formatter) {
        this.out = out;
        this.closeOut = closeOut;
        this.formatter = formatter;
        this.writer = Thread.ofPlatform().daemon().name("access-log").unstarted(this::run);
        writer.start();
    }

    /**
     * @param target    "stdout", "stderr" or a file path (appended to, created if missing)
     * @param formatter turns a queued entry into its line; runs on the writer thread, so request threads (above
     *                  all the PHP thread, the scarcest) spend nothing on formatting
     */
    public static AccessLogWriter open(String target, java.util.function.Function<Object, String> formatter) throws IOException {
        return switch (target) {
            case "stdout" -> new AccessLogWriter(Channels.newChannel(new FileOutputStream(FileDescriptor.out)), false, formatter);
            case "stderr" -> new AccessLogWriter(Channels.newChannel(new FileOutputStream(FileDescriptor.err)), false, formatter);
            default -> {
                Path file = Path.of(target);
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                yield new AccessLogWriter(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND), true, formatter);
            }
        };
    }

    /** Queues one entry, formatted later by the writer. Cheap; never blocks unless the writer is far behind. */
    public void log(Object entry) {
        while (pending.get() >= MAX_PENDING && running) {
            LockSupport.unpark(writer);
            Thread.onSpinWait();
            LockSupport.parkNanos(100_000);
        }
        queue.offer(entry);
        pending.incrementAndGet();
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            if (!drain()) {
                LockSupport.parkNanos(FLUSH_NANOS);
            }
        }
    }

    /** Writes everything queued; false when there was nothing. */
    private boolean drain() {
        Object entry = queue.poll();
        if (entry == null) {
            return false;
        }
        int n = 0;
        while (entry != null) {
            String line;
            try {
                line = formatter.apply(entry);
            } catch (RuntimeException e) {
                line = "ephpm: cannot format an access log entry: " + e;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (buffer.remaining() < bytes.length + 1) {
                flushBuffer();
                if (buffer.capacity() < bytes.length + 1) {
                    buffer = ByteBuffer.allocate(bytes.length + 1);
                }
            }
            buffer.put(bytes).put((byte) '\n');
            n++;
            entry = queue.poll();
        }
        flushBuffer();
        pending.addAndGet(-n);
        return true;
    }

    private void flushBuffer() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            System.err.println("ephpm: cannot write the access log: " + e);
        } finally {
            buffer.clear();
        }
    }

    /** Writes what is queued and stops. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closeOut) {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing at exit
            }
        }
    }
}
