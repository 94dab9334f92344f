package io.graylane.gateway.metrics;

import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.gateway.middleware.GatewayExchange;

import java.util.Objects;

/**
 * {@code metrics}: records every request that passes through it in {@link GatewayMetrics} when the
 * exchange completes (count by route, lane, served lane, fallback and status class; duration).
 * Put it first in the chain to count what the other middleware answer too. No config keys.
 * Outside the gateway (no {@link GatewayExchange}) it does nothing. Thread-safe.
 */
public final class MetricsFactory implements MiddlewareFactory {

    private final GatewayMetrics metrics;

    /** A factory recording into {@code metrics}. */
    public MetricsFactory(GatewayMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public String type() {
        return "metrics";
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        ctx.requireOnly();
        return next -> exchange -> {
            GatewayExchange gx = GatewayExchange.of(exchange);
            if (gx != null) {
                metrics.observe(gx);
            }
            return next.handle(exchange);
        };
    }
}
