package io.graylane.gateway.middleware;

import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;

/**
 * {@code header}: sets, adds and removes request headers on the way in and response headers on the
 * way out: {@code request: {set: {}, add: {}, remove: []}}, {@code response: {…}}, applied in the order
 * remove, set, add. Every name and value is checked at config time. Request edits happen before the
 * rest of the chain runs; response edits apply to every response that passes (the upstream's, and
 * the answers of the gateway and of middleware after this one). Thread-safe.
 */
public final class HeaderFactory implements MiddlewareFactory {

    @Override
    public String type() {
        return "header";
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        ctx.requireOnly("request", "response");
        HeaderEdits request = HeaderEdits.parse(ctx, "request");
        HeaderEdits response = HeaderEdits.parse(ctx, "response");
        return new Header(request, response);
    }

    private record Header(HeaderEdits request, HeaderEdits response) implements Middleware {
        @Override
        public Handler apply(Handler next) {
            if (response.isEmpty()) {
                return exchange -> {
                    request.apply(exchange.headers());
                    return next.handle(exchange);
                };
            }
            return exchange -> {
                request.apply(exchange.headers());
                return next.handle(exchange).thenApply(r -> {
                    response.apply(r.headers());
                    return r;
                });
            };
        }
    }
}
