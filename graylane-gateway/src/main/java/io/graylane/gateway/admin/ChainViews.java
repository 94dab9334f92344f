package io.graylane.gateway.admin;

import io.graylane.core.plugin.PluginJar;
import io.graylane.gateway.proxy.GatewayServer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plugin and rejection parts of the admin API's {@code /chain} view, as JSON-ready maps. Stateless. */
final class ChainViews {

    private ChainViews() {
    }

    /**
     * {@code plugins}: each loaded jar (file, name, version, sha256, types); {@code lastRejection}: the
     * last chain or plugin set refused ({@code at}, {@code error}), or {@code null}.
     */
    static Map<String, Object> pluginsAndRejection(GatewayServer gateway) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> jars = new ArrayList<>();
        for (PluginJar jar : gateway.pluginJars()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("file", jar.fileName());
            j.put("name", jar.name());
            j.put("version", jar.version());
            j.put("sha256", jar.sha256());
            j.put("types", jar.types());
            jars.add(j);
        }
        m.put("plugins", jars);
        m.put("lastRejection", gateway.lastChainRejection().map(r -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("at", r.at().toString());
            j.put("error", r.error());
            return (Object) j;
        }).orElse(null));
        return m;
    }
}
