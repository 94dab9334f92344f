package io.graylane.core.route;

import io.graylane.core.model.Instance;
import io.graylane.core.model.Lane;
import io.graylane.core.model.Route;
import io.graylane.core.model.Scope;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Routes and per-service lane selectors for one configuration and one set of instance snapshots.
 * Immutable and thread-safe: a discovery change produces a new table through
 * {@link #withInstances(String, List)}, sharing every other service's selector.
 */
public final class RoutingTable {

    private final List<Route> routes;
    private final List<Lane> lanes;
    private final String defaultLane;
    private final Scope scope;
    private final Map<String, ServiceSelector> services;

    private RoutingTable(List<Route> routes, List<Lane> lanes, String defaultLane, Scope scope,
                         Map<String, ServiceSelector> services) {
        this.routes = routes;
        this.lanes = lanes;
        this.defaultLane = defaultLane;
        this.scope = scope;
        this.services = services;
    }

    /**
     * Builds a table.
     *
     * @param routes      routes in evaluation order
     * @param lanes       every lane of the configuration
     * @param defaultLane lane for requests carrying an undefined lane
     * @param scope       instances outside it are dropped
     * @param instances   instances per service
     */
    public static RoutingTable build(List<Route> routes, List<Lane> lanes, String defaultLane, Scope scope,
                                     Map<String, List<Instance>> instances) {
        Map<String, ServiceSelector> services = new HashMap<>();
        instances.forEach((service, list) -> services.put(service, selector(service, list, lanes, defaultLane, scope)));
        return new RoutingTable(List.copyOf(routes), List.copyOf(lanes), defaultLane, scope, Map.copyOf(services));
    }

    private static ServiceSelector selector(String service, List<Instance> list, List<Lane> lanes, String defaultLane,
                                            Scope scope) {
        List<Instance> visible = list.stream().filter(scope::contains).toList();
        return ServiceSelector.build(service, visible, lanes, defaultLane);
    }

    /** A copy in which {@code service}'s instances are replaced (an empty list keeps the service, with none). */
    public RoutingTable withInstances(String service, List<Instance> instances) {
        Map<String, ServiceSelector> copy = new HashMap<>(services);
        copy.put(service, selector(service, instances, lanes, defaultLane, scope));
        return new RoutingTable(routes, lanes, defaultLane, scope, Map.copyOf(copy));
    }

    /** The first route matching {@code host} and {@code path}, or {@code null}. */
    public Route route(String host, String path) {
        for (int i = 0, n = routes.size(); i < n; i++) {
            Route r = routes.get(i);
            if (r.matches(host, path)) {
                return r;
            }
        }
        return null;
    }

    /** The selector for {@code service}; a service nobody reported instances for resolves to a rejection. */
    public ServiceSelector service(String service) {
        ServiceSelector s = services.get(service);
        return s != null ? s : ServiceSelector.build(service, List.of(), lanes, defaultLane);
    }

    /** Resolves {@code lane} for {@code service} and picks an instance. */
    public Decision decide(String service, String lane, RandomGenerator random) {
        Resolution r = service(service).resolve(lane);
        return new Decision(r, r.pick(random));
    }

    /** Services with instance snapshots. */
    public java.util.Set<String> services() {
        return services.keySet();
    }

    /** The routes in evaluation order. */
    public List<Route> routes() {
        return routes;
    }
}
