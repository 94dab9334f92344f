package io.graylane.core.chain;

import java.util.Objects;
import java.util.function.Function;

/**
 * Makes middleware of one type from configuration: the plugin-facing SPI. {@link #create} runs once
 * per chain entry each time a snapshot is built; it reads and validates the entry's config through
 * the context and throws {@link io.graylane.core.GraylaneException} (from the context's getters or
 * {@link MiddlewareContext#invalid}) when it is wrong, so a bad config never goes live. Plugins
 * provide factories through {@link java.util.ServiceLoader}. Factories hold no per-snapshot state and
 * must be thread-safe.
 */
public interface MiddlewareFactory {

    /** The type this factory makes, as written in config: lower-case, e.g. {@code rate-limit} or {@code acme.jwt}. */
    String type();

    /**
     * A new middleware for one chain entry. It may implement {@link AutoCloseable} to release what
     * it holds when its snapshot is closed.
     */
    Middleware create(MiddlewareContext context);

    /** A factory of {@code type} that delegates to {@code create}; handy for built-ins and tests. */
    static MiddlewareFactory of(String type, Function<MiddlewareContext, Middleware> create) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(create, "create");
        return new MiddlewareFactory() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Middleware create(MiddlewareContext context) {
                return create.apply(context);
            }

            @Override
            public String toString() {
                return "MiddlewareFactory[" + type + "]";
            }
        };
    }
}
