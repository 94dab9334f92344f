package io.graylane.gateway.proxy;

import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.plugin.PluginDirectory;
import io.graylane.gateway.proxy.internal.SnapshotHolder;

/** Makes a server's snapshot holder from its builder: the live chain, and the plugin directory if one is set. */
final class ChainRuntime {

    private ChainRuntime() {
    }

    /**
     * @throws io.graylane.core.GraylaneException when the plugins or the first chain cannot be loaded
     */
    static SnapshotHolder holder(GatewayServerBuilder b, MiddlewareRegistry builtins) {
        PluginDirectory plugins = b.pluginDirectory == null ? null
                : PluginDirectory.builder(b.pluginDirectory).builtins(builtins).serveTimeout(b.pluginServeTimeout).build();
        try {
            return new SnapshotHolder(b.engine, builtins, plugins, b.chainListener, b.drainDeadline);
        } catch (RuntimeException | Error e) {
            if (plugins != null) {
                plugins.close();
            }
            throw e;
        }
    }
}
