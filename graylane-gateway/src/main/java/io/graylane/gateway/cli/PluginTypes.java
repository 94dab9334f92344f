package io.graylane.gateway.cli;

import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.plugin.PluginDirectory;
import io.graylane.core.plugin.PluginSet;
import io.graylane.gateway.middleware.BuiltinMiddleware;

import java.nio.file.Path;

/**
 * The middleware types {@code validate} checks chains against: the gateway's built-in types, plus
 * those of the plugin jars in {@code --plugin-dir} when given (loaded as the gateway loads them, and
 * unloaded on close). Not thread-safe.
 */
final class PluginTypes implements AutoCloseable {

    private final PluginDirectory directory;
    private final PluginSet set;
    private final MiddlewareRegistry registry;

    /**
     * @param pluginDir the plugin directory, or {@code null} for built-in types only
     * @throws io.graylane.core.GraylaneException naming the jar that cannot be loaded
     */
    PluginTypes(Path pluginDir) {
        MiddlewareRegistry builtins = GatewayTypes.registry(new BuiltinMiddleware());
        if (pluginDir == null) {
            directory = null;
            set = null;
            registry = builtins;
            return;
        }
        directory = PluginDirectory.builder(pluginDir).builtins(builtins).build();
        try {
            set = directory.scan();
        } catch (RuntimeException e) {
            directory.close();
            throw e;
        }
        registry = set.registry();
    }

    MiddlewareRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (set != null) {
            set.close();
            directory.close();
        }
    }
}
