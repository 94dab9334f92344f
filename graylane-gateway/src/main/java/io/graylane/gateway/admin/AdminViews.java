package io.graylane.gateway.admin;

import io.graylane.core.config.ChainEntry;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.model.Lane;
import io.graylane.core.model.Route;
import io.graylane.core.route.Resolution;
import io.graylane.core.route.ServiceSelector;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.rollback.ConfigHistory;
import io.graylane.gateway.run.EngineSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/** The admin API's read-only views of the gateway, as JSON-ready maps. Thread-safe (reads only). */
final class AdminViews {

    private final GatewayServer gateway;
    private final ServingState state;
    private final BooleanSupplier lastKnownGood;
    private volatile ConfigHistory history;

    AdminViews(GatewayServer gateway, ServingState state, BooleanSupplier lastKnownGood) {
        this.gateway = gateway;
        this.state = state;
        this.lastKnownGood = lastKnownGood;
    }

    /** Lists {@code value}'s versions in the snapshot view ({@code null}: none). */
    void history(ConfigHistory value) {
        this.history = value;
    }

    ServingState.Loaded loaded() {
        return state.current();
    }

    /** Why the gateway is not ready, or {@code null} when it is. */
    String notReadyReason() {
        if (state.current() == null) {
            return "no config snapshot loaded yet";
        }
        if (!gateway.accepting()) {
            return "the proxy is not accepting connections (not started, or shutting down)";
        }
        return null;
    }

    Map<String, Object> snapshot() {
        ServingState.Loaded loaded = state.current();
        if (loaded == null) {
            return null;
        }
        EngineSnapshot s = loaded.snapshot();
        // The engine the proxy uses now: discovery changes swap engines without a new config version.
        LaneEngine engine = gateway.engine();
        GraylaneConfig c = s.config();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", s.version());
        root.put("origin", s.origin());
        root.put("loadedAt", loaded.loadedAt().toString());
        root.put("lastKnownGood", lastKnownGood.getAsBoolean());
        List<Object> lanes = new ArrayList<>();
        for (Lane lane : c.lanes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", lane.name());
            m.put("selector", lane.selector());
            m.put("fallback", lane.fallback());
            m.put("strict", lane.strict());
            lanes.add(m);
        }
        root.put("lanes", lanes);
        root.put("defaultLane", c.coloring().defaultLane());
        root.put("rules", c.coloring().rules().size());
        List<Object> routes = new ArrayList<>();
        TreeSet<String> services = new TreeSet<>(c.staticInstances().keySet());
        for (Route r : c.routes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("host", r.host());
            m.put("pathPrefix", r.pathPrefix());
            m.put("service", r.service());
            m.put("stripPrefix", r.stripPrefix());
            routes.add(m);
            services.add(r.service());
        }
        root.put("routes", routes);
        Map<String, Object> svc = new LinkedHashMap<>();
        for (String name : services) {
            svc.put(name, service(engine, c, name));
        }
        root.put("services", svc);
        ConfigHistory h = history;
        if (h != null) {
            root.put("history", HistoryViews.entries(h));
        }
        return root;
    }

    private static Map<String, Object> service(LaneEngine engine, GraylaneConfig c, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        ServiceSelector selector = engine.table().service(name);
        if (selector == null) {
            m.put("instances", 0);
            m.put("healthy", 0);
            m.put("lanes", Map.of());
            return m;
        }
        m.put("instances", selector.instances().size());
        m.put("healthy", selector.instances().stream().filter(i -> i.isHealthy()).count());
        Map<String, Object> lanes = new LinkedHashMap<>();
        for (Lane lane : c.lanes()) {
            Resolution r = selector.resolve(lane.name());
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("servedLane", r.servedLane());
            l.put("instances", r.subset().size());
            if (r.rejected()) {
                l.put("rejection", String.valueOf(r.rejection()));
            }
            lanes.put(lane.name(), l);
        }
        m.put("lanes", lanes);
        return m;
    }

    Map<String, Object> chain() {
        Map<String, Object> root = new LinkedHashMap<>();
        ServingState.Loaded loaded = state.current();
        List<Object> entries = new ArrayList<>();
        List<ChainEntry> configured = loaded == null ? gateway.engine().config().chain() : loaded.snapshot().config().chain();
        for (ChainEntry e : configured) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("type", e.type());
            m.put("enabled", e.enabled());
            entries.add(m);
        }
        root.put("entries", entries);
        root.put("active", gateway.chainIds());
        root.put("passesThrough", gateway.chainPassesThrough());
        root.put("inFlight", gateway.chainInFlight());
        root.put("types", gateway.middlewareRegistry().types());
        root.putAll(ChainViews.pluginsAndRejection(gateway));
        return root;
    }
}
