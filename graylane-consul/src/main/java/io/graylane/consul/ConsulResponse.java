package io.graylane.consul;

import java.util.Objects;
import java.util.function.Function;

/**
 * The body of a Consul read, decoded, with its {@link QueryMeta}. Immutable when {@code value} is.
 *
 * @param value the decoded body
 * @param meta  index, leader and staleness information from the headers
 * @param <T>   the body type
 */
public record ConsulResponse<T>(T value, QueryMeta meta) {

    public ConsulResponse {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(meta, "meta");
    }

    /** The same response with the body transformed by {@code mapper}. */
    public <R> ConsulResponse<R> map(Function<? super T, ? extends R> mapper) {
        return new ConsulResponse<>(mapper.apply(value), meta);
    }

    /** Shorthand for {@code meta().index()}. */
    public long index() {
        return meta.index();
    }
}
