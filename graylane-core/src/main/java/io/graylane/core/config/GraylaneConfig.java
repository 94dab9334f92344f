package io.graylane.core.config;

import io.graylane.core.model.Instance;
import io.graylane.core.model.LabelMapping;
import io.graylane.core.model.Lane;
import io.graylane.core.model.Route;
import io.graylane.core.model.Scope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a gateway serves with, as validated configuration: scope, label mapping, lane
 * propagation, lanes, coloring rules, trust, routes, static and Consul discovery and the middleware
 * chain.
 * Immutable. Cross-references (lanes named by rules and fallbacks, fallback cycles) are checked by
 * the config module's validator, which produces path-named errors.
 *
 * @param scope           what this gateway can see
 * @param labelMapping    tag/Meta to label mapping
 * @param propagation     lane header and baggage settings
 * @param lanes           lanes in declaration order
 * @param coloring        coloring rules and default lane
 * @param trust           who may send lanes
 * @param routes          routes in evaluation order
 * @param staticInstances instances per service from the config's static discovery section
 * @param chain           middleware chain entries in declared order
 * @param consulDiscovery the {@code discovery.consul} settings, or {@code null} when instances come only
 *                        from {@code staticInstances}
 * @param rollback        how many versions are kept and when the gateway rolls back by itself
 */
public record GraylaneConfig(Scope scope, LabelMapping labelMapping, Propagation propagation,
                             List<Lane> lanes, Coloring coloring, TrustSettings trust, List<Route> routes,
                             Map<String, List<Instance>> staticInstances, List<ChainEntry> chain,
                             ConsulDiscoverySettings consulDiscovery, RollbackSettings rollback) {

    public GraylaneConfig {
        Objects.requireNonNull(rollback, "rollback");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(labelMapping, "labelMapping");
        Objects.requireNonNull(propagation, "propagation");
        Objects.requireNonNull(coloring, "coloring");
        Objects.requireNonNull(trust, "trust");
        lanes = List.copyOf(lanes);
        routes = List.copyOf(routes);
        Map<String, List<Instance>> copy = new LinkedHashMap<>();
        staticInstances.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        staticInstances = java.util.Collections.unmodifiableMap(copy);
        chain = List.copyOf(chain);
    }

    /** A configuration without Consul discovery: instances come only from {@code staticInstances}. */
    public GraylaneConfig(Scope scope, LabelMapping labelMapping, Propagation propagation,
                          List<Lane> lanes, Coloring coloring, TrustSettings trust, List<Route> routes,
                          Map<String, List<Instance>> staticInstances, List<ChainEntry> chain) {
        this(scope, labelMapping, propagation, lanes, coloring, trust, routes, staticInstances, chain, null);
    }

    /** A configuration with the default {@link RollbackSettings}. */
    public GraylaneConfig(Scope scope, LabelMapping labelMapping, Propagation propagation,
                          List<Lane> lanes, Coloring coloring, TrustSettings trust, List<Route> routes,
                          Map<String, List<Instance>> staticInstances, List<ChainEntry> chain,
                          ConsulDiscoverySettings consulDiscovery) {
        this(scope, labelMapping, propagation, lanes, coloring, trust, routes, staticInstances, chain, consulDiscovery,
                RollbackSettings.DEFAULT);
    }

    /** The lane called {@code name}, or {@code null}. */
    public Lane lane(String name) {
        for (Lane lane : lanes) {
            if (lane.name().equals(name)) {
                return lane;
            }
        }
        return null;
    }
}
