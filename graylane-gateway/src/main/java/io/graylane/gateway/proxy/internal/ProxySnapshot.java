package io.graylane.gateway.proxy.internal;

import io.graylane.core.chain.ChainGeneration;
import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.proxy.ServedCounts;

import java.util.Objects;

/**
 * What a request is served with, read once when it arrives: the engine and the middleware chain built
 * from the engine's config, or {@code null} when the chain has no enabled entries (the proxy then
 * takes its fast path). Immutable.
 *
 * @param engine the lane engine
 * @param chain  the chain, or {@code null} for none
 * @param counts what was answered under the engine's config (shared by engines of the same config)
 */
record ProxySnapshot(LaneEngine engine, ChainGeneration chain, ServedCounts counts) {
    ProxySnapshot {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(counts, "counts");
    }
}
