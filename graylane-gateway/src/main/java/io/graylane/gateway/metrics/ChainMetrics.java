package io.graylane.gateway.metrics;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.ChainListener;
import io.graylane.core.config.ChainEntry;
import io.graylane.core.plugin.PluginFailures;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;

import java.util.List;
import java.util.function.Supplier;

/**
 * Turns what the live middleware chain reports into metrics: {@code middleware_load_*} per entry,
 * {@code graylane_chain_swaps_total}, {@code graylane_chain_rejections_total},
 * {@code graylane_chain_drain_duration_seconds} and {@code graylane_chain_drain_deadline_hits_total};
 * and, with {@link #pluginFailures}, {@code graylane_plugin_failures_total}. Give it to
 * {@code GatewayServerBuilder.chainListener}; do not also wrap the registry with {@link InstrumentedRegistry}
 * (loads would count twice). Thread-safe.
 */
public final class ChainMetrics implements ChainListener {

    private final GatewayMetrics metrics;
    private final Counter swaps;
    private final Counter rejections;
    private final Histogram drainDuration;
    private final Counter deadlineHits;

    /** Registers the chain metrics in {@code metrics}' registry; once per gateway. */
    public ChainMetrics(GatewayMetrics metrics) {
        this.metrics = metrics;
        swaps = Counter.builder().name("graylane_chain_swaps_total")
                .help("Middleware chains built and swapped in (the first one included)")
                .register(metrics.registry());
        rejections = Counter.builder().name("graylane_chain_rejections_total")
                .help("Middleware chains or plugin sets refused (the chain in place kept serving)")
                .register(metrics.registry());
        drainDuration = Histogram.builder().name("graylane_chain_drain_duration_seconds")
                .help("From a chain's replacement to its close, once its in-flight requests finished (or the deadline passed)")
                .classicOnly().classicUpperBounds(0.001, 0.01, 0.1, 1, 5, 30, 60)
                .register(metrics.registry());
        deadlineHits = Counter.builder().name("graylane_chain_drain_deadline_hits_total")
                .help("Replaced chains closed at the drain deadline with requests still in flight")
                .register(metrics.registry());
        swaps.inc(0);
        rejections.inc(0);
        deadlineHits.inc(0);
    }

    /** Reports {@code graylane_plugin_failures_total{type, kind}} (kind {@code thrown} or {@code timed_out}) from {@code failures}. */
    public void pluginFailures(Supplier<PluginFailures> failures) {
        CounterWithCallback.builder().name("graylane_plugin_failures_total")
                .help("Requests on which plugin middleware threw (or failed) or did not answer within the plugin serve timeout")
                .labelNames("type", "kind")
                .callback(cb -> {
                    PluginFailures f = failures.get();
                    f.thrown().forEach((type, n) -> cb.call(n, type, "thrown"));
                    f.timedOut().forEach((type, n) -> cb.call(n, type, "timed_out"));
                })
                .register(metrics.registry());
    }

    @Override
    public void loaded(ChainEntry entry, boolean success, long nanos) {
        metrics.middlewareLoaded(entry.type(), entry.id(), success, nanos);
    }

    @Override
    public void swapped(long generation, List<String> ids, long buildNanos) {
        swaps.inc();
    }

    @Override
    public void rejected(GraylaneException error) {
        rejections.inc();
    }

    @Override
    public void drained(long generation, long drainNanos, boolean deadlineHit, int stragglers) {
        drainDuration.observe(drainNanos / 1e9);
        if (deadlineHit) {
            deadlineHits.inc();
        }
    }
}
