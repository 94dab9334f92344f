package io.graylane.bench;

import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Lane;
import io.graylane.core.model.Route;
import io.graylane.core.model.Scope;
import io.graylane.core.route.RoutingTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic fleet for the routing part of the benchmarks: eight services sharing the
 * instances evenly, four lanes with fallbacks ({@code feature-x -> beta -> canary -> stable}), and
 * services of every kind — stable v1 with a healthy v2 canary, no canary at all, a canary whose
 * instances are all unhealthy, a half-unhealthy canary. Built once per trial.
 */
final class Fleet {

    static final String[] SERVICES = {"orders", "payments", "catalog", "search", "users", "cart", "reviews", "shipping"};

    static final List<Lane> LANES = List.of(
            Lane.baseline("stable"),
            new Lane("canary", Map.of("version", "v2"), "stable", false),
            new Lane("beta", Map.of("version", "v3"), "canary", false),
            new Lane("feature-x", Map.of("feature", "x"), "beta", false));

    private Fleet() {
    }

    /** A routing table over {@code total} instances split across {@link #SERVICES}. */
    static RoutingTable table(int total, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, List<Instance>> byService = new HashMap<>();
        int per = total / SERVICES.length;
        for (int s = 0; s < SERVICES.length; s++) {
            String service = SERVICES[s];
            List<Instance> list = new ArrayList<>(per);
            for (int i = 0; i < per; i++) {
                list.add(instance(service, s, i, per, r));
            }
            byService.put(service, list);
        }
        List<Route> routes = new ArrayList<>();
        for (String service : SERVICES) {
            routes.add(new Route(service, null, "/" + service, service, false));
        }
        return RoutingTable.build(routes, LANES, "stable", Scope.ALL, byService);
    }

    private static Instance instance(String service, int s, int i, int per, SplittableRandom r) {
        // Which share of the service runs which version, and how healthy, depends on the service.
        String version = "v1";
        String feature = null;
        Health health = r.nextInt(100) < 2 ? Health.CRITICAL : Health.PASSING;
        switch (s) {
            case 0, 1, 2 -> {                         // healthy canary (10 %) and beta (5 %)
                if (i < per / 10) {
                    version = "v2";
                } else if (i < per * 15 / 100) {
                    version = "v3";
                }
            }
            case 3 -> {                               // no canary at all
            }
            case 4, 5 -> {                            // canary present, all of it unhealthy
                if (i < per / 10) {
                    version = "v2";
                    health = Health.CRITICAL;
                }
            }
            case 6 -> {                               // canary plus a feature branch
                if (i < per / 10) {
                    version = "v2";
                } else if (i < per * 12 / 100) {
                    feature = "x";
                }
            }
            default -> {                              // canary, half of it unhealthy
                if (i < per / 10) {
                    version = "v2";
                    health = i % 2 == 0 ? Health.CRITICAL : Health.WARNING;
                }
            }
        }
        Map<String, String> labels = feature == null ? Map.of("version", version)
                : Map.of("version", version, "feature", feature);
        int weight = r.nextInt(10) == 0 ? 50 : 100;
        String address = "10." + (100 + s) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF);
        return new Instance(service, service + "-" + i, address, 8080, health, weight, "dc1", labels);
    }
}
