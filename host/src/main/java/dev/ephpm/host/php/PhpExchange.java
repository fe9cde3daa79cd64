package dev.ephpm.host.php;

import dev.ephpm.bridge.Header;
import dev.ephpm.bridge.PhpExecution;
import dev.ephpm.bridge.PhpQueueFullException;
import dev.ephpm.bridge.PhpRequest;
import dev.ephpm.bridge.PhpResponseSink;
import dev.ephpm.bridge.PhpResult;
import dev.ephpm.bridge.PhpRuntime;
import dev.ephpm.host.http.StatusPages;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP exchange served by PHP: the response sink PHP writes into, on its own thread, and the rules for who
 * answers the client.
 *
 * <p><b>One hand-off per request.</b> The I/O thread queues the request and is done; the PHP thread writes the
 * response itself. Output is collected in a buffer, and when the script ends the whole response (headers, exact
 * Content-Length, body) leaves in one non-blocking write from the PHP thread, which usually completes at once (a
 * slow client only leaves the rest to the I/O thread; PHP moves on). Once the output outgrows the buffer, or the
 * script calls {@code flush()}, the response is committed and streamed through Undertow's blocking stream, so
 * flushed output reaches the client while the script runs.
 *
 * <p><b>Who answers.</b> Exactly one party ends the exchange, decided by one compare-and-set on {@link #state}:
 * the PHP thread when it commits or finishes, or the I/O thread's request timer, which answers 504 at once even if
 * PHP is stuck in a blocking call, aborts the script, and leaves PHP's late output to be dropped.
 */
final class PhpExchange implements PhpResponseSink {
    private static final Logger LOG = LoggerFactory.getLogger(PhpExchange.class);

    /** Nothing sent yet; PHP output is buffered. */
    private static final int PENDING = 0;
    /** The response is committed and being streamed by the PHP thread. */
    private static final int STREAMING = 1;
    /** The final response was handed to Undertow by the PHP side. */
    private static final int DONE = 2;
    /** Answered by someone else (timeout, queue full): everything PHP still produces is dropped. */
    private static final int ABANDONED = 3;

    private static final RuntimeException DROPPED = new IllegalStateException("response abandoned") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // thrown on every late write of a timed-out script: no stack walk
        }
    };

    private final HttpServerExchange exchange;
    private final RequestBody body;
    private final int bufferLimit;
    private final PhpDispatchListener listener;
    private final AtomicInteger state = new AtomicInteger(PENDING);

    // written and read only by the PHP thread running the request (and by complete(), which runs after it)
    private byte[] buffer;
    private int count;
    private int status = 200;
    private List<Header> headers;
    private OutputStream stream;
    private byte[] copyBuffer;

    private volatile PhpExecution execution;
    private volatile XnioExecutor.Key timer;

    /** What happens to PHP requests, for metrics and logs. */
    interface PhpDispatchListener {
        void rejected();

        void timedOut();

        void failed(HttpServerExchange exchange, PhpResult result, Throwable failure);
    }

    PhpExchange(HttpServerExchange exchange, RequestBody body, int bufferLimit, PhpDispatchListener listener) {
        this.exchange = exchange;
        this.body = body;
        this.bufferLimit = bufferLimit;
        this.listener = listener;
    }

    /** On the I/O thread, after {@code exchange.dispatch}: queue the request, arm the timer. Never blocks. */
    void start(PhpRuntime runtime, PhpRequest request, long timeoutMillis, long retryAfterSeconds) {
        PhpExecution e;
        try {
            e = runtime.submit(request, this);
        } catch (PhpQueueFullException | IllegalStateException full) {
            state.set(ABANDONED);
            body.close();
            listener.rejected();
            StatusPages.send(exchange, 503, "every PHP worker is busy; try again shortly", "Retry-After",
                    Long.toString(retryAfterSeconds));
            return;
        }
        execution = e;
        // armed before whenComplete() is registered, so complete() always finds it to cancel
        timer = exchange.getIoThread().executeAfter(this::onTimeout, timeoutMillis, TimeUnit.MILLISECONDS);
        e.result().whenComplete(this::complete);
    }

    // ---- PhpResponseSink: called on the PHP thread

    @Override
    public void headers(int status, List<Header> headers) {
        this.status = status;
        this.headers = headers;
    }

    @Override
    public void write(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (state.get() == PENDING && count + n <= bufferLimit) {
            if (buffer == null || count + n > buffer.length) {
                grow(count + n);
            }
            chunk.get(buffer, count, n);
            count += n;
            return;
        }
        if (state.get() == PENDING) {
            commitStreaming();
        }
        if (state.get() != STREAMING) {
            throw DROPPED;
        }
        try {
            if (chunk.hasArray()) {
                stream.write(chunk.array(), chunk.arrayOffset() + chunk.position(), n);
            } else {
                if (copyBuffer == null) {
                    copyBuffer = new byte[16 * 1024];
                }
                while (chunk.hasRemaining()) {
                    int len = Math.min(chunk.remaining(), copyBuffer.length);
                    chunk.get(copyBuffer, 0, len);
                    stream.write(copyBuffer, 0, len);
                }
            }
        } catch (IOException e) {
            clientGone(e);
        }
    }

    @Override
    public void flush() {
        if (state.get() == PENDING) {
            commitStreaming();
        }
        if (state.get() != STREAMING) {
            throw DROPPED;
        }
        try {
            stream.flush();
        } catch (IOException e) {
            clientGone(e);
        }
    }

    private void grow(int needed) {
        // PHP's output buffer (4 KiB) usually hands over the whole body in one call: allocate what it needs, and
        // double from there if more comes, so a small page costs a small array
        int size = buffer == null ? needed : Math.max(needed, Math.min(bufferLimit, buffer.length * 2));
        byte[] bigger = new byte[size];
        if (buffer != null) {
            System.arraycopy(buffer, 0, bigger, 0, count);
        }
        buffer = bigger;
    }

    /** Sends the status and headers and what was buffered, then streams. Throws if someone else answered. */
    private void commitStreaming() {
        if (!state.compareAndSet(PENDING, STREAMING)) {
            throw DROPPED;
        }
        applyStatusAndHeaders(true);
        exchange.startBlocking();
        stream = exchange.getOutputStream();
        try {
            if (count > 0) {
                stream.write(buffer, 0, count);
            }
        } catch (IOException e) {
            clientGone(e);
        } finally {
            buffer = null;
            count = 0;
        }
    }

    private void clientGone(IOException e) {
        LOG.debug("client {} went away during a PHP response: {}", exchange.getSourceAddress(), e.toString());
        IoUtils.safeClose(exchange.getConnection());
        throw new UncheckedIOException(e); // tells the bridge to stop sending output; the script runs on
    }

    // ---- the end of the request

    private void complete(PhpResult result, Throwable failure) {
        cancelTimer();
        body.close();
        // a fatal error, a timeout or an engine failure; a 5xx the application chose (maintenance) is not logged
        if (failure != null || result.exitStatus() == 255 || result.timedOut()) {
            listener.failed(exchange, result, failure);
        }
        int s = state.get();
        if (s == PENDING) {
            if (!state.compareAndSet(PENDING, DONE)) {
                return;
            }
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : failure;
                StatusPages.send(exchange, cause instanceof CancellationException ? 504 : 500);
            } else if (result.timedOut()) {
                listener.timedOut();
                StatusPages.send(exchange, 504, "the script ran out of time");
            } else {
                sendBuffered(result);
            }
        } else if (s == STREAMING) {
            state.set(DONE);
            if (exchange.isInIoThread()) {
                // only when PHP finished before whenComplete() was registered; closing may block
                exchange.getConnection().getWorker().execute(this::finishStream);
            } else {
                finishStream();
            }
        }
        // ABANDONED: the client already has its answer
    }

    private void sendBuffered(PhpResult result) {
        if (headers == null) {
            status = result.status();
            headers = result.headers();
        }
        if (!applyStatusAndHeaders(false)) {
            return;
        }
        boolean bodyless = status < 200 || status == 204 || status == 304;
        if (count == 0 && exchange.getRequestMethod().equals(Methods.HEAD)) {
            // PHP writes no body for HEAD (headers_only): the length of the GET body is unknown, so claim none
            // (a Content-Length: 0 would tell caches the GET body is empty)
            if (exchange.isHttp11()) {
                exchange.getResponseHeaders().put(Headers.TRANSFER_ENCODING, "chunked");
            }
            exchange.endExchange();
            return;
        }
        if (bodyless || count == 0) {
            exchange.setResponseContentLength(0);
            exchange.endExchange();
            return;
        }
        exchange.setResponseContentLength(count);
        exchange.getResponseSender().send(ByteBuffer.wrap(buffer, 0, count));
    }

    private void finishStream() {
        try {
            stream.close();
        } catch (IOException e) {
            IoUtils.safeClose(exchange.getConnection());
        } finally {
            exchange.endExchange();
        }
    }

    /**
     * Copies PHP's status and headers to the exchange, minus hop-by-hop headers (they describe PHP's connection,
     * not ours, and are illegal in HTTP/2). A buffered response also drops PHP's Content-Length: the real length
     * is known and is what gets sent.
     */
    private boolean applyStatusAndHeaders(boolean streaming) {
        int code = status;
        if (code < 100 || code > 599) {
            LOG.warn("{} set the invalid status {}; answering 500", exchange.getRequestURI(), code);
            StatusPages.send(exchange, 500);
            return false;
        }
        exchange.setStatusCode(code);
        HeaderMap out = exchange.getResponseHeaders();
        if (headers != null) {
            for (Header h : headers) {
                String lower = h.name().toLowerCase(Locale.ROOT);
                switch (lower) {
                    case "connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "status":
                        continue;
                    case "content-length":
                        if (!streaming) {
                            continue;
                        }
                        break;
                    default:
                        break;
                }
                // PHP's own default is "Content-type"; send the canonical spelling, as nginx does
                out.add(lower.equals("content-type") ? Headers.CONTENT_TYPE : HttpString.tryFromString(h.name()), h.value());
            }
        }
        return true;
    }

    // ---- the request timer, on the I/O thread

    private void onTimeout() {
        timer = null;
        PhpExecution e = execution;
        if (e != null) {
            e.abort();
        }
        if (state.compareAndSet(PENDING, ABANDONED)) {
            listener.timedOut();
            StatusPages.send(exchange, 504, "the request took too long");
        } else if (state.get() == STREAMING) {
            // the status is long gone; cut the connection so the client knows the body is incomplete
            listener.timedOut();
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    private void cancelTimer() {
        XnioExecutor.Key t = timer;
        if (t != null) {
            timer = null;
            t.remove();
        }
    }
}
