package io.graylane.gateway.proxy.internal;

import io.graylane.core.chain.Chain;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.config.ChainEntry;
import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.proxy.ServedCounts;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The snapshot new requests are served with, and how it is swapped. An update whose config has the
 * same chain entries keeps the current chain (and the state of its middleware: rate-limit buckets,
 * circuit breakers) and swaps the engine only; one with other entries builds the new chain first —
 * a chain that fails to build throws and nothing changes — then swaps, and retires the old chain,
 * which closes once its in-flight requests have drained. Reading is lock-free; updates are serialized.
 */
public final class SnapshotHolder {

    private final AtomicReference<ProxySnapshot> current;
    private final MiddlewareRegistry registry;
    private final Object lock = new Object();
    // Guarded by lock.
    private List<ChainEntry> entries;
    private boolean closed;

    /**
     * @param engine   the first engine; its config's chain is built at once
     * @param registry the middleware types chains are built from
     * @throws io.graylane.core.GraylaneException when the chain cannot be built (the entry is named)
     */
    public SnapshotHolder(LaneEngine engine, MiddlewareRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(engine, "engine");
        this.entries = engine.config().chain();
        this.current = new AtomicReference<>(new ProxySnapshot(engine, build(entries), new ServedCounts()));
    }

    private ChainGeneration build(List<ChainEntry> chainEntries) {
        Chain chain = Chain.build(chainEntries, registry, ProxyTerminal.INSTANCE);
        if (chain.ids().isEmpty()) {
            chain.close();
            return null;
        }
        return new ChainGeneration(chain);
    }

    /**
     * Serves with {@code engine} from now on; see the class documentation.
     *
     * @throws io.graylane.core.GraylaneException when the engine's chain cannot be built
     */
    public void update(LaneEngine engine) {
        Objects.requireNonNull(engine, "engine");
        synchronized (lock) {
            ProxySnapshot old = current.get();
            List<ChainEntry> next = engine.config().chain();
            // Discovery changes keep the config (and its counts); a new config counts afresh.
            ServedCounts counts = engine.config() == old.engine().config() ? old.counts() : new ServedCounts();
            if (closed || next.equals(entries)) {
                current.set(new ProxySnapshot(engine, closed ? null : old.chain(), counts));
                return;
            }
            ChainGeneration built = build(next);
            current.set(new ProxySnapshot(engine, built, counts));
            entries = next;
            if (old.chain() != null) {
                old.chain().retire();
            }
        }
    }

    /**
     * The snapshot for a request arriving now, with a reference on its chain taken (give it back with
     * {@link ChainGeneration#release()}). On the fast path (no chain) this is one volatile read.
     */
    ProxySnapshot acquire() {
        while (true) {
            ProxySnapshot s = current.get();
            ChainGeneration chain = s.chain();
            if (chain == null || chain.tryAcquire()) {
                return s;
            }
            if (current.get() == s) {
                // Retired and drained with no successor: the holder was closed; serve without a chain.
                return new ProxySnapshot(s.engine(), null, s.counts());
            }
            // Retired and drained between the read and the acquire: a newer snapshot is in place.
        }
    }

    /** The engine new requests are decided with. */
    public LaneEngine engine() {
        return current.get().engine();
    }

    /** What was answered under the current config. */
    public ServedCounts counts() {
        return current.get().counts();
    }

    /** Ids of the middleware new requests run through, in order (empty when the chain is). */
    public List<String> chainIds() {
        ChainGeneration chain = current.get().chain();
        return chain == null ? List.of() : chain.chain().ids();
    }

    /** Requests in flight on the current chain (0 when there is none). */
    public int chainInFlight() {
        ChainGeneration chain = current.get().chain();
        return chain == null ? 0 : chain.inFlight();
    }

    /**
     * Retires the current chain (it closes once its requests drained); later updates swap engines only.
     *
     * @return completes when the chain has closed
     */
    public CompletableFuture<Void> close() {
        synchronized (lock) {
            closed = true;
            ChainGeneration chain = current.get().chain();
            if (chain == null) {
                return CompletableFuture.completedFuture(null);
            }
            chain.retire();
            return chain.closedFuture();
        }
    }
}
