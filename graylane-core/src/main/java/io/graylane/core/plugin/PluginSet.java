package io.graylane.core.plugin;

import io.graylane.core.chain.MiddlewareRegistry;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One holder's reference to the plugins of a scan: the registry to build chains from (built-in types
 * plus every plugin's) and the jars it came from. While any holder is open, the class loaders of its
 * jars stay open; give it to {@link io.graylane.core.chain.LiveChain#update} as the chain's resources
 * so they are closed with the chain that uses them. Two sets from scans that found the same jars share
 * one registry instance, so a live chain sees nothing changed. Closing is idempotent. Thread-safe.
 */
public final class PluginSet implements AutoCloseable {

    private final PluginState state;
    private final AtomicBoolean closed = new AtomicBoolean();

    PluginSet(PluginState state) {
        this.state = state;
    }

    /** Built-in types plus the plugins' types; the same instance for every set of the same scan result. */
    public MiddlewareRegistry registry() {
        return state.registry();
    }

    /** The plugin jars, sorted by file name. */
    public List<PluginJar> jars() {
        return state.jars();
    }

    /** The class loaders of its jars, for tests that check they become collectable. */
    List<ClassLoader> classLoaders() {
        return state.plugins().stream().map(LoadedPlugin::loader).toList();
    }

    /** Another, independent holder of the same plugins. */
    public PluginSet retain() {
        if (closed.get()) {
            throw new IllegalStateException("plugin set: closed (expected: retain() before close())");
        }
        return state.hold();
    }

    /** Gives back this holder's reference; once every holder of a replaced scan closed, its loaders close. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            state.release();
        }
    }

    @Override
    public String toString() {
        return "PluginSet" + jars();
    }
}
