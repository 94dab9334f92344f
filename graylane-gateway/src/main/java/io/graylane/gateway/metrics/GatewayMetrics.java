package io.graylane.gateway.metrics;

import io.graylane.consul.WatchState;
import io.graylane.core.model.Route;
import io.graylane.core.route.Resolution;
import io.graylane.core.trust.TrustVerdict;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.graylane.gateway.middleware.UpstreamFailure;
import io.graylane.gateway.proxy.RequestObserver;
import io.graylane.gateway.run.EngineSnapshot;
import io.graylane.gateway.run.SourceReloads;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics in their own registry (no global singleton): per-request counts
 * and durations, lane strips, config version and reloads, middleware load results and JVM metrics.
 * Give it to the gateway as its {@link RequestObserver} to record requests. Per-request recording looks
 * up cached data points by a small key object, so the library's label arrays are built once per label
 * combination, not per request. Thread-safe. See docs/metrics.md.
 */
public final class GatewayMetrics implements RequestObserver {

    /** Upper bounds of the request duration histogram, in seconds. */
    private static final double[] DURATION_BOUNDS = {
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram duration;
    private final java.util.concurrent.atomic.LongAdder reloadsApplied = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder reloadsRejected = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder reloadsUnchanged = new java.util.concurrent.atomic.LongAdder();
    private volatile Supplier<SourceReloads> sourceReloads = () -> SourceReloads.NONE;
    private final Info configVersion;
    private final Counter middlewareLoadSuccess;
    private final Counter middlewareLoadFailure;
    private final Histogram middlewareLoadDuration;
    private final Map<RequestKey, Points> points = new ConcurrentHashMap<>();
    private final ThreadLocal<Recent[]> recent = ThreadLocal.withInitial(() -> {
        Recent[] byStatusClass = new Recent[STATUS_CLASSES.length];
        for (int i = 0; i < byStatusClass.length; i++) {
            byStatusClass[i] = new Recent();
        }
        return byStatusClass;
    });
    private final CounterDataPoint[] upstreamErrors;
    private final CounterDataPoint[] laneStrips;

    private GatewayMetrics(boolean jvm) {
        requests = Counter.builder().name("graylane_requests_total")
                .help("Requests answered by the gateway")
                .labelNames("route", "service", "lane", "served_lane", "fallback", "status_class")
                // No exemplars: nothing current on the event loop when a request is recorded carries a trace,
                // and the sampler would still schedule a task on another thread every few requests.
                .withoutExemplars()
                .register(registry);
        duration = Histogram.builder().name("graylane_request_duration_seconds")
                .help("Time from the request's arrival to the end of its response")
                .labelNames("route", "lane", "status_class")
                .classicOnly().classicUpperBounds(DURATION_BOUNDS)
                .withoutExemplars()
                .register(registry);
        CounterWithCallback.builder().name("graylane_config_reloads_total")
                .help("Config reloads by result: applied, rejected (the old config keeps serving), unchanged")
                .labelNames("result")
                .callback(cb -> {
                    SourceReloads source = sourceReloads.get();
                    cb.call(reloadsApplied.sum(), "applied");
                    cb.call(reloadsRejected.sum() + source.rejected(), "rejected");
                    cb.call(reloadsUnchanged.sum() + source.unchanged(), "unchanged");
                })
                .register(registry);
        configVersion = Info.builder().name("graylane_config_version_info")
                .help("The config version being served and where it came from")
                .labelNames("version", "origin")
                .register(registry);
        middlewareLoadSuccess = Counter.builder().name("middleware_load_success_total")
                .help("Middleware built successfully when a chain was built")
                .labelNames("type", "id")
                .register(registry);
        middlewareLoadFailure = Counter.builder().name("middleware_load_failure_total")
                .help("Middleware that failed to build when a chain was built")
                .labelNames("type", "id")
                .register(registry);
        middlewareLoadDuration = Histogram.builder().name("middleware_load_duration_seconds")
                .help("Time to build one middleware from its config")
                .labelNames("type", "id")
                .classicOnly().classicUpperBounds(0.0001, 0.001, 0.01, 0.1, 1)
                .register(registry);
        Counter upstream = Counter.builder().name("graylane_upstream_errors_total")
                .help("Requests whose last upstream attempt failed before a response: the gateway answered 502 or 504")
                .labelNames("kind")
                .register(registry);
        UpstreamFailure[] kinds = UpstreamFailure.values();
        upstreamErrors = new CounterDataPoint[kinds.length];
        for (UpstreamFailure kind : kinds) {
            upstreamErrors[kind.ordinal()] = upstream.labelValues(kind.name().toLowerCase(Locale.ROOT));
        }
        Counter strips = Counter.builder().name("graylane_lane_strips_total")
                .help("Lane values (header or baggage member) removed from requests before coloring, by reason")
                .labelNames("reason")
                .register(registry);
        TrustVerdict.StripCause[] causes = TrustVerdict.StripCause.values();
        laneStrips = new CounterDataPoint[causes.length];
        for (TrustVerdict.StripCause cause : causes) {
            laneStrips[cause.ordinal()] = strips.labelValues(cause.name().toLowerCase(Locale.ROOT));
        }
        if (jvm) {
            registerJvm(registry);
        }
    }

    /**
     * The JVM's metrics: what {@code JvmMetrics} registers, except {@code jvm_memory_pool_allocated_bytes_total}.
     * That one listens to every garbage collection's JMX notification, which the JVM builds on its
     * notification thread (a {@code GcInfo} composite per pool) and whose counters sample exemplars on
     * a scheduler thread: with the young generation collected ~16 times a second under load, ~5 ms of
     * CPU per second on the proxy's core, run right after each pause, which lengthened the stall that
     * the slowest requests see. Everything else here is read when {@code /metrics} is scraped.
     */
    private static void registerJvm(PrometheusRegistry registry) {
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmNativeMemoryMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    /** Metrics with the JVM's own (memory, GC, threads, class loading) included. */
    public static GatewayMetrics create() {
        return new GatewayMetrics(true);
    }

    /** Metrics without the JVM's, for tests and embedding where another exporter reports the JVM. */
    public static GatewayMetrics withoutJvm() {
        return new GatewayMetrics(false);
    }

    /** The registry, to register more collectors with. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Records one finished request, and its upstream failure if any (the gateway's hook). */
    @Override
    public void requestCompleted(Route route, String lane, Resolution resolution, int status, long nanos,
                                 UpstreamFailure failure) {
        record(route, lane, resolution, status, nanos);
        if (failure != null) {
            upstreamErrors[failure.ordinal()].inc();
        }
    }

    /** Counts one stripped lane value in {@code graylane_lane_strips_total{reason}}. */
    @Override
    public void laneStripped(TrustVerdict.StripCause cause) {
        laneStrips[cause.ordinal()].inc();
    }

    /** Records one finished request. {@code route} and {@code resolution} may be {@code null}. */
    public void record(Route route, String lane, Resolution resolution, int status, long nanos) {
        int statusClass = status >= 100 && status < 600 ? status / 100 : 0;
        // One of the thread's last few requests of this status class usually had the same route, resolution
        // and lane (traffic split between a few lanes): then its data points are reused without building a key.
        Points p = this.recent.get()[statusClass].find(route, resolution, lane);
        if (p == null) {
            RequestKey key = new RequestKey(route, lane, resolution == null ? null : resolution.servedLane(),
                    resolution != null && resolution.fellBack(), statusClass);
            p = points.get(key);
            if (p == null) {
                p = points.computeIfAbsent(key, this::pointsFor);
            }
            this.recent.get()[statusClass].add(route, resolution, lane, p);
        }
        p.count.inc();
        p.duration.observe(nanos / 1e9);
    }

    private Points pointsFor(RequestKey k) {
        String route = k.route == null ? "" : k.route.name();
        String service = k.route == null ? "" : k.route.service();
        String lane = k.lane == null ? "" : k.lane;
        String status = STATUS_CLASSES[k.statusClass];
        return new Points(
                requests.labelValues(route, service, lane, k.servedLane == null ? "" : k.servedLane,
                        Boolean.toString(k.fallback), status),
                duration.labelValues(route, lane, status));
    }

    /** The config being served is {@code snapshot}: replaces the version info series. */
    public void configServed(EngineSnapshot snapshot) {
        configVersion.setLabelValues(snapshot.version(), snapshot.origin());
    }

    /**
     * Counts one reload attempt decided outside a config source; {@code result} is applied, rejected
     * or unchanged. What a source decides itself is read with {@link #configSource}.
     */
    public void reload(String result) {
        switch (result) {
            case "applied" -> reloadsApplied.increment();
            case "rejected" -> reloadsRejected.increment();
            case "unchanged" -> reloadsUnchanged.increment();
            default -> throw new IllegalArgumentException("result: " + result + " (expected: applied, rejected or unchanged)");
        }
    }

    /**
     * Adds the reloads {@code source} refused or found unchanged (read at each scrape) to
     * {@code graylane_config_reloads_total}. Call once per gateway; count applied reloads with
     * {@link #reload}, and not the source's refusals a second time.
     */
    public void configSource(Supplier<SourceReloads> source) {
        this.sourceReloads = java.util.Objects.requireNonNull(source, "source");
    }

    /** Records one middleware build, successful or not. */
    public void middlewareLoaded(String type, String id, boolean success, long nanos) {
        (success ? middlewareLoadSuccess : middlewareLoadFailure).labelValues(type, id).inc();
        middlewareLoadDuration.labelValues(type, id).observe(nanos / 1e9);
    }

    /**
     * Reports the built-in middleware's event counters: {@code graylane_middleware_errors_total}
     * (failures {@code recover} turned into 500s) and {@code graylane_middleware_events_total}
     * (429s, 504s, refused calls, retries by type and id). Call once per gateway.
     */
    public void middlewareCounters(BuiltinMiddleware builtins) {
        CounterWithCallback.builder().name("graylane_middleware_errors_total")
                .help("Middleware failures turned into 500 answers by a recover entry, by that entry")
                .labelNames("id", "type")
                .callback(cb -> builtins.recover().recovered().snapshot()
                        .forEach((id, n) -> cb.call(n, id, "recover")))
                .register(registry);
        CounterWithCallback.builder().name("graylane_middleware_events_total")
                .help("Answers and decisions of built-in middleware: rate-limit 429s, timeout 504s,"
                        + " circuit-breaker refusals, retries")
                .labelNames("id", "type", "event")
                .callback(cb -> {
                    builtins.rateLimit().limited().snapshot().forEach((id, n) -> cb.call(n, id, "rate-limit", "limited"));
                    builtins.timeout().timedOut().snapshot().forEach((id, n) -> cb.call(n, id, "timeout", "timed_out"));
                    builtins.circuitBreaker().rejected().snapshot()
                            .forEach((id, n) -> cb.call(n, id, "circuit-breaker", "rejected"));
                    builtins.retry().retried().snapshot().forEach((id, n) -> cb.call(n, id, "retry", "retried"));
                })
                .register(registry);
    }

    /**
     * Reports Consul service watches: {@code graylane_consul_watch_consecutive_errors{service}} and
     * {@code graylane_consul_watch_staleness_seconds{service}} (since Consul last answered), read from
     * {@code states} at each scrape. Call once per gateway, when discovery uses Consul.
     */
    public void consulWatches(Supplier<List<WatchState>> states, Clock clock) {
        GaugeWithCallback.builder().name("graylane_consul_watch_consecutive_errors")
                .help("Failed reads of a Consul service watch since its last success (0 when healthy)")
                .labelNames("service")
                .callback(cb -> states.get().forEach(w -> cb.call(w.consecutiveErrors(), service(w))))
                .register(registry);
        GaugeWithCallback.builder().name("graylane_consul_watch_staleness_seconds")
                .help("Seconds since Consul last answered a service watch (since its start if never)")
                .labelNames("service")
                .callback(cb -> {
                    Instant now = clock.instant();
                    states.get().forEach(w -> cb.call(w.staleness(now).toNanos() / 1e9, service(w)));
                })
                .register(registry);
    }

    private static String service(WatchState w) {
        String name = w.name();
        return name.startsWith("health:") ? name.substring("health:".length()) : name;
    }

    /** Writes every metric in the Prometheus text format (version 0.0.4). */
    public void writeText(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    /** Every metric in the Prometheus text format, as a string. */
    public String scrapeText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writeText(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The content type of {@link #writeText}. */
    public static String textContentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Routes are records compared by value; the key holds them as they are (no strings built per request). */
    private record RequestKey(Route route, String lane, String servedLane, boolean fallback, int statusClass) {
    }

    private record Points(CounterDataPoint count, DistributionDataPoint duration) {
    }

    /** One thread's last request of one status class and its data points; used by that thread only. */
    /** The data points of a thread's last few distinct requests of one status class; the oldest is replaced. */
    private static final class Recent {
        private static final int SIZE = 4;
        private final Route[] routes = new Route[SIZE];
        private final Resolution[] resolutions = new Resolution[SIZE];
        private final String[] lanes = new String[SIZE];
        private final Points[] points = new Points[SIZE];
        private int next;

        Points find(Route route, Resolution resolution, String lane) {
            for (int i = 0; i < SIZE; i++) {
                Points p = points[i];
                if (p != null && routes[i] == route && resolutions[i] == resolution
                        && (lanes[i] == lane || lanes[i] != null && lanes[i].equals(lane))) {
                    return p;
                }
            }
            return null;
        }

        void add(Route route, Resolution resolution, String lane, Points p) {
            int i = next;
            next = (i + 1) % SIZE;
            routes[i] = route;
            resolutions[i] = resolution;
            lanes[i] = lane;
            points[i] = p;
        }
    }
}
