package io.graylane.core.plugin;

import io.graylane.core.chain.MiddlewareRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one scan of the plugin directory loaded: the plugins and the registry of built-in plus plugin
 * types, reference-counted by the {@link PluginSet}s handed out for it; the last release releases
 * each plugin (whose last release closes its class loader). Thread-safe.
 */
final class PluginState {

    private final List<LoadedPlugin> plugins;
    private final MiddlewareRegistry registry;
    private final AtomicInteger references = new AtomicInteger();

    PluginState(List<LoadedPlugin> plugins, MiddlewareRegistry registry) {
        this.plugins = List.copyOf(plugins);
        this.registry = registry;
        this.plugins.forEach(LoadedPlugin::retain);
    }

    List<LoadedPlugin> plugins() {
        return plugins;
    }

    MiddlewareRegistry registry() {
        return registry;
    }

    List<PluginJar> jars() {
        List<PluginJar> jars = new ArrayList<>(plugins.size());
        plugins.forEach(p -> jars.add(p.jar()));
        return List.copyOf(jars);
    }

    /** A new holder of this state. */
    PluginSet hold() {
        references.incrementAndGet();
        return new PluginSet(this);
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            plugins.forEach(LoadedPlugin::release);
        }
    }
}
