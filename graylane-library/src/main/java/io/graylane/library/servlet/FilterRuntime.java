package io.graylane.library.servlet;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.ChainLease;
import io.graylane.core.chain.ChainListener;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.LiveChain;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.config.ChainEntry;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.plugin.PluginDirectory;
import io.graylane.core.plugin.PluginJar;
import io.graylane.core.plugin.PluginSet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The filter's engine and chain over core's {@link LiveChain}, which swaps them together: an engine
 * whose config has the same chain entries (and unchanged plugins) keeps the built chain; otherwise the
 * new chain is built off to the side (a failure leaves the old one serving), swapped in, and the old
 * one closes once its in-flight requests drained or at the drain deadline. With a plugin directory
 * every update rescans it first. Acquiring is lock-free; updates are serialized. Thread-safe.
 */
final class FilterRuntime {

    private final Handler terminal;
    private final MiddlewareRegistry registry;
    private final ChainListener listener;
    private final Duration drainDeadline;
    private final Object lock = new Object();
    private volatile LiveChain<LaneEngine> live;
    private volatile boolean closed;
    // Guarded by lock.
    private PluginDirectory plugins;

    FilterRuntime(Handler terminal, MiddlewareRegistry registry, ChainListener listener, Duration drainDeadline,
                  PluginDirectory plugins) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.drainDeadline = Objects.requireNonNull(drainDeadline, "drainDeadline");
        this.plugins = plugins;
    }

    /** Scans {@code directory} on every update from now on; only before the first engine (web.xml's init). */
    void usePlugins(PluginDirectory directory) {
        synchronized (lock) {
            if (live != null || plugins != null) {
                throw new IllegalStateException("GraylaneFilter: the plugin directory is set before the first engine");
            }
            plugins = directory;
        }
    }

    /**
     * Serves {@code engine} from now on.
     *
     * @throws GraylaneException naming the chain entry (or plugin jar) that could not be loaded; the
     *                           previous engine and chain keep serving
     */
    void update(LaneEngine engine) {
        Objects.requireNonNull(engine, "engine");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("GraylaneFilter is destroyed");
            }
            List<ChainEntry> entries = engine.config().chain();
            PluginSet set = plugins == null ? null : plugins.scan(listener);
            MiddlewareRegistry with = set == null ? registry : set.registry();
            if (live == null) {
                live = LiveChain.builder(terminal).registry(registry).listener(listener).drainDeadline(drainDeadline)
                        .start(engine, entries, with, set);
            } else {
                live.update(engine, entries, with, set);
            }
        }
    }

    /** Rescans the plugin directory when it changed and rebuilds the chain if a jar did; cheap otherwise. */
    void reloadPlugins() {
        synchronized (lock) {
            if (plugins != null && live != null && !closed && plugins.changed()) {
                update(live.value());
            }
        }
    }

    /** Whether an engine has been set. */
    boolean isReady() {
        return live != null;
    }

    /** The snapshot for a request arriving now, its chain held: {@link ChainLease#release()} it when done. */
    ChainLease<LaneEngine> acquire() {
        LiveChain<LaneEngine> l = live;
        if (l == null || closed) {
            throw new IllegalStateException(closed ? "GraylaneFilter is destroyed"
                    : "GraylaneFilter has no engine (expected: init() or a builder-made filter)");
        }
        return l.acquire();
    }

    /** The engine new requests are served with. */
    LaneEngine engine() {
        LiveChain<LaneEngine> l = live;
        if (l == null) {
            throw new IllegalStateException("GraylaneFilter has no engine");
        }
        return l.value();
    }

    /** Ids of the middleware new requests run through, in order. */
    List<String> chainIds() {
        LiveChain<LaneEngine> l = live;
        return l == null ? List.of() : l.ids();
    }

    /** The plugin jars of the last successful scan (empty without a plugin directory). */
    List<PluginJar> pluginJars() {
        synchronized (lock) {
            return plugins == null ? List.of() : plugins.jars();
        }
    }

    /** Retires the chain (it closes once drained, or at the deadline) and lets go of the plugin directory. */
    void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (live != null) {
                live.close();
            }
            if (plugins != null) {
                plugins.close();
            }
        }
    }
}
