package io.graylane.gateway.proxy;

import java.time.Instant;
import java.util.Objects;

/**
 * A middleware chain (or plugin set) the gateway refused to swap in: the chain in place kept serving.
 *
 * @param at    when it was refused
 * @param error what was wrong, naming the chain entry or plugin jar
 */
public record ChainRejection(Instant at, String error) {
    public ChainRejection {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(error, "error");
    }
}
