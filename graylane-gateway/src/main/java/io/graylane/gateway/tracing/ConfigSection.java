package io.graylane.gateway.tracing;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.MiddlewareContext;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * A nested map of a chain entry's config ({@code sampler}, {@code exporter}) read with the context's
 * typed getters, its errors naming the full path: {@code chain[id=trace].config.sampler.ratio: 2
 * (expected: 0..1)}. Immutable.
 */
final class ConfigSection {

    private final MiddlewareContext outer;
    private final String name;
    private final MiddlewareContext inner;

    private ConfigSection(MiddlewareContext outer, String name, Map<String, ?> values) {
        this.outer = outer;
        this.name = name;
        this.inner = new MiddlewareContext(outer.id(), outer.type(), values);
    }

    /** The section under {@code key}: a map, or {@code null} when absent. */
    static ConfigSection of(MiddlewareContext ctx, String key, String expected) {
        Object v = ctx.config().get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw ctx.invalid(key, v, expected);
        }
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) {
                throw ctx.invalid(key, v, "a map with string keys");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> values = (Map<String, ?>) map;
        return new ConfigSection(ctx, key, values);
    }

    /** The section as a context of its own, for its getters; read through {@link #read}. */
    <T> T read(Function<MiddlewareContext, T> getter) {
        try {
            return getter.apply(inner);
        } catch (GraylaneException e) {
            throw retarget(e);
        }
    }

    /** The section's config. */
    Map<String, Object> config() {
        return inner.config();
    }

    /** An error for {@code key} of this section, with its full path. */
    GraylaneException invalid(String key, Object value, String expected) {
        return outer.invalid(name + "." + key, value, expected);
    }

    /** An error for a required {@code key} of this section that is absent. */
    GraylaneException missing(String key, String expected) {
        return new GraylaneException(outer.path(name + "." + key) + ": missing (expected: " + expected + ")");
    }

    void requireOnly(String... known) {
        read(c -> {
            c.requireOnly(known);
            return null;
        });
    }

    String string(String key, String fallback) {
        return read(c -> c.string(key, fallback));
    }

    double doubleValue(String key, double fallback) {
        return read(c -> c.doubleValue(key, fallback));
    }

    boolean bool(String key, boolean fallback) {
        return read(c -> c.bool(key, fallback));
    }

    Duration duration(String key, Duration fallback) {
        return read(c -> c.duration(key, fallback));
    }

    Map<String, String> stringMap(String key) {
        return read(c -> c.stringMap(key));
    }

    /** The inner context names its keys {@code chain[id=x].config.k}; they live at {@code …config.section.k}. */
    private GraylaneException retarget(GraylaneException e) {
        String innerPrefix = inner.path("");
        String message = e.getMessage();
        if (message == null || !message.startsWith(innerPrefix)) {
            return e;
        }
        return new GraylaneException(outer.path(name + ".") + message.substring(innerPrefix.length()), e);
    }
}
