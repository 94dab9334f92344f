package io.graylane.gateway.cli;

import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.gateway.metrics.MetricsFactory;
import io.graylane.gateway.middleware.BuiltinMiddleware;

/**
 * The middleware types the {@code gateway} and {@code demo} commands build chains from, and that
 * {@code validate} checks chains against: one place, so the three cannot disagree. Stateless.
 */
final class GatewayTypes {

    private GatewayTypes() {
    }

    /** The built-in types of {@code builtins} and {@code metrics} (an accepted no-op). */
    static MiddlewareRegistry registry(BuiltinMiddleware builtins) {
        return builtins.registry().with(new MetricsFactory());
    }
}
