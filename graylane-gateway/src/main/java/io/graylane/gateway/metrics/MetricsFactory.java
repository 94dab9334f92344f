package io.graylane.gateway.metrics;

import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;

/**
 * {@code metrics}: an accepted no-op, kept so that configs written for earlier versions still load.
 * Request metrics are recorded by the gateway itself for every request whenever metrics are on (the
 * gateway's {@link io.graylane.gateway.proxy.RequestObserver}, {@link GatewayMetrics}), chain or not,
 * so the entry adds nothing to the chain: it takes no config keys and passes requests on untouched.
 * Thread-safe.
 */
public final class MetricsFactory implements MiddlewareFactory {

    /** The factory of the {@code metrics} type. */
    public MetricsFactory() {
        // Nothing to hold: the entry does nothing.
    }

    @Override
    public String type() {
        return "metrics";
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        ctx.requireOnly();
        return next -> next;
    }
}
