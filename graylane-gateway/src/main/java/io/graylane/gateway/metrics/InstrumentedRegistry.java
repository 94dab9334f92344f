package io.graylane.gateway.metrics;

import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.MiddlewareRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps middleware factories so that every build of a chain entry is recorded in
 * {@link GatewayMetrics} ({@code middleware_load_success_total}, {@code middleware_load_failure_total},
 * {@code middleware_load_duration_seconds}). The wrapped factory is otherwise unchanged. Thread-safe.
 */
public final class InstrumentedRegistry {

    private InstrumentedRegistry() {
    }

    /** A registry with every type of {@code registry}, each build recorded in {@code metrics}. */
    public static MiddlewareRegistry of(MiddlewareRegistry registry, GatewayMetrics metrics) {
        List<MiddlewareFactory> wrapped = new ArrayList<>();
        for (String type : registry.types()) {
            MiddlewareFactory f = registry.find(type).orElseThrow();
            wrapped.add(new MiddlewareFactory() {
                @Override
                public String type() {
                    return f.type();
                }

                @Override
                public Middleware create(MiddlewareContext context) {
                    long start = System.nanoTime();
                    boolean ok = false;
                    try {
                        Middleware m = f.create(context);
                        ok = true;
                        return m;
                    } finally {
                        metrics.middlewareLoaded(context.type(), context.id(), ok, System.nanoTime() - start);
                    }
                }

                @Override
                public String toString() {
                    return f.toString();
                }
            });
        }
        return MiddlewareRegistry.of(wrapped);
    }
}
