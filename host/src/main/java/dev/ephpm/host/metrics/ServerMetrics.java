package dev.ephpm.host.metrics;

import dev.ephpm.bridge.PhpRuntime;
import dev.ephpm.host.http.HandlerKind;
import dev.ephpm.kv.KvStats;
import dev.ephpm.kv.KvStore;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.ToDoubleFunction;

/**
 * The server's Prometheus metrics: requests by status and handler, latency, PHP queue and threads, the KV store,
 * and the JVM's own (heap, GC, threads). Recording a request costs two lookups in pre-resolved data points, because
 * it happens on the PHP thread, the scarcest resource in the process.
 */
public final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Histogram duration;
    private final Counter phpRejected;
    private final Counter phpTimeouts;
    private final CounterDataPoint[][] requestPoints = new CounterDataPoint[HandlerKind.values().length][600];
    private final DistributionDataPoint[] durationPoints = new DistributionDataPoint[HandlerKind.values().length];
    private final CounterDataPoint rejectedPoint;
    private final CounterDataPoint timeoutPoint;

    public ServerMetrics() {
        requests = Counter.builder()
                .name("ephpm_http_requests_total")
                .help("HTTP requests answered, by status code and by what answered them (php, static, internal, other)")
                .labelNames("code", "handler")
                .withoutExemplars()
                .register(registry);
        duration = Histogram.builder()
                .name("ephpm_http_request_duration_seconds")
                .help("Time from the request's arrival to the end of its response")
                .unit(Unit.SECONDS)
                .labelNames("handler")
                .classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .withoutExemplars()
                .register(registry);
        phpRejected = Counter.builder()
                .name("ephpm_php_rejected_total")
                .help("Requests answered 503 because the PHP queue was full")
                .withoutExemplars()
                .register(registry);
        phpTimeouts = Counter.builder()
                .name("ephpm_php_timeouts_total")
                .help("PHP requests that ran out of time (answered 504, or cut off mid-stream)")
                .withoutExemplars()
                .register(registry);
        for (HandlerKind k : HandlerKind.values()) {
            durationPoints[k.ordinal()] = duration.labelValues(k.label);
        }
        rejectedPoint = phpRejected.labelValues();
        timeoutPoint = phpTimeouts.labelValues();
        JvmMetrics.builder().register(registry);
    }

    /** Records one finished request. */
    public void record(HandlerKind kind, int status, long nanos) {
        int code = status >= 100 && status < 600 ? status : 0;
        CounterDataPoint[] row = requestPoints[kind.ordinal()];
        CounterDataPoint point = row[code];
        if (point == null) {
            point = requests.labelValues(Integer.toString(status), kind.label);
            row[code] = point; // a benign race: labelValues returns the same point every time
        }
        point.inc();
        durationPoints[kind.ordinal()].observe(nanos / 1e9);
    }

    public void phpRejected() {
        rejectedPoint.inc();
    }

    public void phpTimedOut() {
        timeoutPoint.inc();
    }

    /** Exposes the PHP engine's queue and threads; read at scrape time. */
    public void bindPhp(PhpRuntime runtime) {
        GaugeWithCallback.builder().name("ephpm_php_queue_depth")
                .help("Requests waiting for a PHP thread")
                .callback(cb -> cb.call(runtime.queueDepth())).register(registry);
        GaugeWithCallback.builder().name("ephpm_php_busy_threads")
                .help("PHP threads running a request")
                .callback(cb -> cb.call(runtime.busyThreads())).register(registry);
        GaugeWithCallback.builder().name("ephpm_php_threads")
                .help("PHP threads")
                .callback(cb -> cb.call(runtime.threads())).register(registry);
    }

    /** Exposes the KV store's size and counters; read at scrape time. */
    public void bindKv(KvStore store) {
        gauge("ephpm_kv_entries", "Entries in the KV store (may include expired ones not yet reclaimed)", store, KvStats::entries);
        gauge("ephpm_kv_bytes_used", "Bytes charged for the KV store's entries", store, KvStats::bytesUsed);
        gauge("ephpm_kv_bytes_limit", "The KV store's memory limit in bytes", store, KvStats::byteLimit);
        counter("ephpm_kv_hits", "KV lookups that found a value", store, KvStats::hits);
        counter("ephpm_kv_misses", "KV lookups that found nothing", store, KvStats::misses);
        counter("ephpm_kv_evictions", "KV entries evicted to stay under the memory limit", store, KvStats::evictions);
        counter("ephpm_kv_expirations", "KV entries removed because their TTL ran out", store, KvStats::expirations);
        counter("ephpm_kv_rejected_writes", "KV writes refused (too large, or full under noeviction)", store, KvStats::rejectedWrites);
    }

    private void gauge(String name, String help, KvStore store, ToDoubleFunction<KvStats> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.applyAsDouble(store.stats()))).register(registry);
    }

    private void counter(String name, String help, KvStore store, ToDoubleFunction<KvStats> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.applyAsDouble(store.stats()))).register(registry);
    }

    public String contentType() {
        return writer.getContentType();
    }

    public void writeTo(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
