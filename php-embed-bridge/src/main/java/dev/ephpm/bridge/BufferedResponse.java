package dev.ephpm.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps the whole response in memory: for tests, the CLI and small internal requests. */
public final class BufferedResponse implements PhpResponseSink {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<Integer> flushOffsets = new ArrayList<>();
    private int status = -1;
    private List<Header> headers = List.of();

    @Override
    public void headers(int status, List<Header> headers) {
        this.status = status;
        this.headers = List.copyOf(headers);
    }

    @Override
    public void write(ByteBuffer chunk) {
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        body.writeBytes(bytes);
    }

    @Override
    public void flush() {
        flushOffsets.add(body.size());
    }

    public int status() {
        return status;
    }

    public List<Header> headers() {
        return headers;
    }

    public byte[] body() {
        return body.toByteArray();
    }

    public String bodyText() {
        return body.toString(StandardCharsets.UTF_8);
    }

    /** Body sizes at each {@code flush()}, to check that output was pushed before the script ended. */
    public List<Integer> flushOffsets() {
        return List.copyOf(flushOffsets);
    }
}
