package io.graylane.gateway.proxy.internal;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.ChainGeneration;
import io.graylane.core.chain.ChainListener;
import io.graylane.core.chain.LiveChain;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.config.ChainEntry;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.plugin.PluginDirectory;
import io.graylane.core.plugin.PluginFailures;
import io.graylane.core.plugin.PluginJar;
import io.graylane.core.plugin.PluginSet;
import io.graylane.gateway.proxy.ChainRejection;
import io.graylane.gateway.proxy.ServedCounts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The snapshot new requests are served with, and how it is swapped, over core's {@link LiveChain}.
 * An update whose config has the same chain entries (and whose plugins did not change) keeps the
 * current chain (and the state of its middleware: rate-limit buckets, circuit breakers) and swaps the
 * engine only; one with other entries builds the new chain first — a chain that fails to build throws
 * and nothing changes — then swaps, and retires the old chain, which closes once its in-flight
 * requests have drained (or at the drain deadline). With a plugin directory, every update rescans it
 * first: a new jar version is a new registry and so a new chain; a jar that cannot be loaded refuses
 * the update. Reading is lock-free; updates are serialized.
 */
public final class SnapshotHolder {

    private final AtomicReference<ProxySnapshot> current = new AtomicReference<>();
    private final AtomicReference<ChainRejection> lastRejection = new AtomicReference<>();
    private final LiveChain<LaneEngine> live;
    private final PluginDirectory plugins;
    private final ChainListener listener;
    private final Object lock = new Object();
    private volatile boolean closed;

    /**
     * @param engine   the first engine; its config's chain is built at once
     * @param registry the middleware types chains are built from
     * @throws io.graylane.core.GraylaneException when the chain cannot be built (the entry is named)
     */
    public SnapshotHolder(LaneEngine engine, MiddlewareRegistry registry) {
        this(engine, registry, null, ChainListener.NONE, Duration.ofSeconds(30));
    }

    /**
     * @param engine        the first engine; its config's chain is built at once
     * @param registry      the built-in middleware types (the plugin directory's scans add theirs)
     * @param plugins       the plugin directory, or {@code null} for none
     * @param listener      told about loads, swaps, rejections and drains (metrics)
     * @param drainDeadline how long a replaced chain may drain before it is closed anyway
     * @throws io.graylane.core.GraylaneException when the plugins or the chain cannot be loaded
     */
    public SnapshotHolder(LaneEngine engine, MiddlewareRegistry registry, PluginDirectory plugins,
                          ChainListener listener, Duration drainDeadline) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(registry, "registry");
        this.plugins = plugins;
        this.listener = recording(Objects.requireNonNull(listener, "listener"));
        // The proxy reads its own reference (engine + generation, no allocation per request); the hook
        // replaces it before the live chain retires the old generation.
        LiveChain.Builder b = LiveChain.builder(ProxyTerminal.INSTANCE).registry(registry).listener(this.listener)
                .drainDeadline(drainDeadline)
                .onPublish(lease -> current.set(snapshot((LaneEngine) lease.value(), lease.generation())));
        if (plugins == null) {
            this.live = b.start(engine, engine.config().chain());
        } else {
            PluginSet set = plugins.scan(this.listener);
            this.live = b.start(engine, engine.config().chain(), set.registry(), set);
        }
    }

    /** The proxy's view of a publication: discovery changes keep the config (and its counts); a new config counts afresh. */
    private ProxySnapshot snapshot(LaneEngine engine, ChainGeneration generation) {
        ProxySnapshot old = current.get();
        ServedCounts counts = old != null && old.engine().config() == engine.config() ? old.counts() : new ServedCounts();
        return new ProxySnapshot(engine, generation, counts);
    }

    private ChainListener recording(ChainListener delegate) {
        return new ChainListener() {
            @Override
            public void loaded(ChainEntry entry, boolean success, long nanos) {
                delegate.loaded(entry, success, nanos);
            }

            @Override
            public void swapped(long generation, List<String> ids, long buildNanos) {
                delegate.swapped(generation, ids, buildNanos);
            }

            @Override
            public void rejected(GraylaneException error) {
                lastRejection.set(new ChainRejection(Instant.now(), error.getMessage()));
                delegate.rejected(error);
            }

            @Override
            public void drained(long generation, long drainNanos, boolean deadlineHit, int stragglers) {
                delegate.drained(generation, drainNanos, deadlineHit, stragglers);
            }
        };
    }

    /**
     * Serves with {@code engine} from now on; see the class documentation.
     *
     * @throws io.graylane.core.GraylaneException when the engine's chain (or the plugins) cannot be loaded
     */
    public void update(LaneEngine engine) {
        Objects.requireNonNull(engine, "engine");
        synchronized (lock) {
            List<ChainEntry> next = engine.config().chain();
            if (plugins == null || closed) {
                live.update(engine, next);
            } else {
                PluginSet set = plugins.scan(listener);
                live.update(engine, next, set.registry(), set);
            }
        }
    }

    /**
     * When the plugin directory (if any) changed since its last scan, rescans it and rebuilds the chain
     * if a jar changed; see {@link #update}. Cheap when nothing changed.
     */
    public void reloadPlugins() {
        if (plugins != null && plugins.changed()) {
            synchronized (lock) {
                update(current.get().engine());
            }
        }
    }

    /**
     * The snapshot for a request arriving now, with a reference on its chain taken (give it back with
     * {@link ChainGeneration#release()}) unless the chain
     * {@linkplain io.graylane.core.chain.Chain#passesThrough passes through}. On the fast path (no
     * chain, or one that passes through) this is one volatile read.
     */
    ProxySnapshot acquire() {
        while (true) {
            ProxySnapshot s = current.get();
            ChainGeneration chain = s.chain();
            if (chain == null || chain.chain().passesThrough() || chain.tryAcquire()) {
                return s; // a chain that passes through is not run, so nothing is held
            }
            if (current.get() == s) {
                // Retired and drained with no successor (the holder was closed: a swap publishes the
                // successor before it retires): serve without a chain.
                return new ProxySnapshot(s.engine(), null, s.counts());
            }
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

    /** The middleware types the current chain was built from (built-ins plus the plugins'). */
    public MiddlewareRegistry registry() {
        return live.registry();
    }

    /** The plugin jars loaded by the last successful scan (empty without a plugin directory). */
    public List<PluginJar> pluginJars() {
        return plugins == null ? List.of() : plugins.jars();
    }

    /** Serving failures of plugin middleware, when there is a plugin directory. */
    public Optional<PluginFailures> pluginFailures() {
        return plugins == null ? Optional.empty() : Optional.of(plugins.failures());
    }

    /** The last chain or plugin set refused since the start, if any. */
    public Optional<ChainRejection> lastRejection() {
        return Optional.ofNullable(lastRejection.get());
    }

    /** Ids of the middleware new requests run through, in order (empty when the chain is). */
    public List<String> chainIds() {
        ChainGeneration chain = current.get().chain();
        return chain == null ? List.of() : chain.chain().ids();
    }

    /** Whether new requests skip the current chain: there is none, or it passes through. */
    public boolean chainPassesThrough() {
        ChainGeneration chain = current.get().chain();
        return chain == null || chain.chain().passesThrough();
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
            CompletableFuture<Void> done = live.close();
            if (plugins != null) {
                plugins.close();
            }
            return done;
        }
    }
}
