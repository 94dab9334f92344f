package io.graylane.core.route;

import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Lane;
import io.graylane.core.model.Route;
import io.graylane.core.model.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingTableTest {

    static final List<Lane> LANES = List.of(Lane.baseline("stable"),
            new Lane("canary", Map.of("version", "v2"), "stable", false));
    static final List<Route> ROUTES = List.of(
            new Route("shop-orders", "shop.example.com", "/orders", "orders", false),
            new Route(null, "*.internal.example.com", null, "internal", false),
            new Route(null, null, "/api", "api", true),
            new Route("fallback", null, null, "frontend", false));

    static Instance inst(String service, String id, String version, String env, Health h) {
        return new Instance(service, id, "10.0.0.1", 80, h, 1, "dc1", Map.of("version", version, "env", env));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "shop.example.com, /orders/42, shop-orders",
            "SHOP.example.com:8443, /orders, shop-orders",
            "shop.example.com, /ordersx, fallback",
            "other.example.com, /orders/42, fallback",
            "a.internal.example.com, /x, internal",
            "A.Internal.example.com:8443, /x, internal",
            "internal.example.com, /x, fallback",
            "any, /api/v1, api",
            "any, /api, api",
            "any, /apix, fallback",
            "'[::1]:8080', /, fallback"})
    void firstMatchingRouteInOrderWins(String host, String path, String expected) {
        RoutingTable table = RoutingTable.build(ROUTES, LANES, "stable", Scope.ALL, Map.of());

        assertThat(table.route(host, path).name()).isEqualTo(expected);
    }

    @Test
    void instancesOutsideTheScopeAreInvisible() {
        Scope prod = new Scope("dc1", "", Map.of("env", "prod"));
        RoutingTable table = RoutingTable.build(ROUTES, LANES, "stable", prod, Map.of("orders", List.of(
                inst("orders", "a", "v1", "prod", Health.PASSING),
                inst("orders", "b", "v2", "staging", Health.PASSING))));

        Decision d = table.decide("orders", "canary", new SplittableRandom(1));

        assertThat(d.resolution().servedLane()).isEqualTo("stable");
        assertThat(d.instance().id()).isEqualTo("a");
        assertThat(table.service("orders").instances()).extracting(Instance::id).containsExactly("a");
    }

    @Test
    void replacingOneServiceKeepsTheOthersAndFollowsInstancesComingAndGoing() {
        RoutingTable table = RoutingTable.build(ROUTES, LANES, "stable", Scope.ALL, Map.of(
                "orders", List.of(inst("orders", "a", "v1", "prod", Health.PASSING)),
                "frontend", List.of(inst("frontend", "f", "v1", "prod", Health.PASSING))));

        RoutingTable withCanary = table.withInstances("orders", List.of(
                inst("orders", "a", "v1", "prod", Health.PASSING), inst("orders", "b", "v2", "prod", Health.PASSING)));

        assertThat(table.decide("orders", "canary", new SplittableRandom(1)).resolution().servedLane())
                .isEqualTo("stable");
        assertThat(withCanary.decide("orders", "canary", new SplittableRandom(1)).instance().id()).isEqualTo("b");
        assertThat(withCanary.service("frontend")).isSameAs(table.service("frontend"));
    }

    @Test
    void unknownServiceIsRejectedNotThrown() {
        RoutingTable table = RoutingTable.build(ROUTES, LANES, "stable", Scope.ALL, Map.of());

        Decision d = table.decide("nope", "canary", new SplittableRandom(1));

        assertThat(d.rejected()).isTrue();
        assertThat(d.resolution().rejection()).contains("no instances of service 'nope'");
    }
}
