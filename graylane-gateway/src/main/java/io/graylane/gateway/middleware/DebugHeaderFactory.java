package io.graylane.gateway.middleware;

import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;

/**
 * {@code debug-header}: adds the debug header to every response that passes it — the upstream's, the
 * gateway's own answers and those of middleware after it — with the request's lane, its source, the
 * rule, the served lane, the fallback reason and the instance, in the format of
 * {@code Explanation.debugHeader()}:
 * {@code lane=canary; source=rule; rule=beta-users; served=canary; instance=web-2}. The value is made
 * when the response passes, so it names the instance that finally served (after a retry or a circuit
 * breaker's choice). Config: {@code name} (default {@code X-Graylane-Debug}). Thread-safe.
 */
public final class DebugHeaderFactory implements MiddlewareFactory {

    @Override
    public String type() {
        return "debug-header";
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        ctx.requireOnly("name");
        String name = ConfigValues.headerName(ctx, "name", ctx.string("name", "X-Graylane-Debug"));
        return next -> exchange -> next.handle(exchange).thenApply(response -> {
            GatewayExchange gx = GatewayExchange.of(exchange);
            response.headers().set(name, gx != null ? gx.debugHeader() : "lane=" + exchange.lane());
            return response;
        });
    }
}
