package io.graylane.example.plugin;

import io.graylane.core.chain.Headers;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example plugin's middleware type {@code example.header-stamp}: sets one response header on every
 * answer that passes through it, and may tag the request on its way upstream.
 *
 * <pre>{@code
 * chain:
 *   - {id: stamp, type: example.header-stamp, config: {value: edge-1}}
 *   - {id: shadow, type: example.header-stamp, config: {name: X-Shadow, value: "yes", request: true}}
 * }</pre>
 *
 * Config: {@code value} (required), {@code name} (default {@code X-Plugin-Stamp}), {@code request}
 * (default {@code false}: also set the header on the request sent upstream). Found through
 * {@code META-INF/services/io.graylane.core.chain.MiddlewareFactory}. Stateless and thread-safe.
 */
public final class HeaderStampFactory implements MiddlewareFactory {

    private static final Logger log = LoggerFactory.getLogger(HeaderStampFactory.class);

    /** Needed by {@link java.util.ServiceLoader}: a public no-argument constructor. */
    public HeaderStampFactory() {
    }

    @Override
    public String type() {
        return "example.header-stamp";
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        // Provision and validate here, once per chain build: a bad config never goes live.
        ctx.requireOnly("name", "value", "request");
        String name = ctx.string("name", "X-Plugin-Stamp");
        String value = ctx.string("value");
        boolean request = ctx.bool("request", false);
        try {
            Headers.of(name, value);
        } catch (IllegalArgumentException e) {
            throw ctx.invalid("name", name, "a header name and value HTTP allows");
        }
        log.info("chain entry {}: stamping {}: {}{}", ctx.id(), name, value, request ? " (request too)" : "");
        return next -> exchange -> {
            if (request) {
                exchange.headers().set(name, value);
            }
            return next.handle(exchange).thenApply(response -> {
                response.headers().set(name, value);
                return response;
            });
        };
    }
}
