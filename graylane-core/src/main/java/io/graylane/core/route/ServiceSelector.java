package io.graylane.core.route;

import io.graylane.core.model.Instance;
import io.graylane.core.model.Lane;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lane resolution for one snapshot of one service's instances. Every lane's {@link Resolution}
 * (fallback walk, healthy subset, weighted picker) is computed once when the snapshot is built, so a
 * request costs one map look-up and one weighted pick. Immutable and thread-safe; a new instance list
 * means a new selector.
 */
public final class ServiceSelector {

    private final String service;
    private final List<Instance> instances;
    private final Map<String, Resolution> byLane;
    private final Resolution unknownLane;

    private ServiceSelector(String service, List<Instance> instances, Map<String, Resolution> byLane,
                            Resolution unknownLane) {
        this.service = service;
        this.instances = instances;
        this.byLane = byLane;
        this.unknownLane = unknownLane;
    }

    /**
     * Precomputes every lane's resolution.
     *
     * @param service     service name
     * @param instances   the service's visible instances (already scope-filtered), any order
     * @param lanes       all lanes of the configuration
     * @param defaultLane lane used for requests that carry a lane this configuration does not define
     */
    public static ServiceSelector build(String service, List<Instance> instances, List<Lane> lanes,
                                        String defaultLane) {
        List<Instance> sorted = new ArrayList<>(instances);
        sorted.sort(Comparator.comparing(Instance::id));
        sorted = Collections.unmodifiableList(sorted);
        Map<String, Lane> laneByName = new HashMap<>();
        for (Lane lane : lanes) {
            laneByName.put(lane.name(), lane);
        }
        Map<String, Resolution> byLane = new HashMap<>();
        for (Lane lane : lanes) {
            byLane.put(lane.name(), sorted.isEmpty() ? noInstances(service, lane.name())
                    : walk(service, sorted, laneByName, lane.name(), List.of()));
        }
        Resolution unknown;
        if (laneByName.containsKey(defaultLane)) {
            Resolution def = byLane.get(defaultLane);
            FallbackStep first = new FallbackStep("(unknown)", defaultLane, FallbackStep.Reason.UNKNOWN_LANE, 0, 0);
            List<FallbackStep> steps = new ArrayList<>();
            steps.add(first);
            steps.addAll(def.steps());
            unknown = new Resolution(service, defaultLane, def.servedLane(), steps, def.subset(), def.rejection(),
                    def.picker(), summary(defaultLane, def.servedLane(), steps, def.rejection()));
        } else {
            String why = "default lane '" + defaultLane + "' is not defined";
            unknown = new Resolution(service, defaultLane, null, List.of(), List.of(), why, null, "rejected: " + why);
        }
        return new ServiceSelector(service, sorted, Map.copyOf(byLane), unknown);
    }

    private static Resolution noInstances(String service, String lane) {
        String why = "no instances of service '" + service + "' are known";
        return new Resolution(service, lane, null, List.of(), List.of(), why, null, lane + " rejected (" + why + ")");
    }

    private static Resolution walk(String service, List<Instance> instances, Map<String, Lane> lanes,
                                   String requested, List<FallbackStep> prefix) {
        List<FallbackStep> steps = new ArrayList<>(prefix);
        Set<String> visited = new HashSet<>();
        String current = requested;
        while (true) {
            Lane lane = lanes.get(current);
            visited.add(current);
            List<Instance> matching = new ArrayList<>();
            List<Instance> healthy = new ArrayList<>();
            for (Instance i : instances) {
                if (serves(lane, i, lanes)) {
                    matching.add(i);
                    if (i.isHealthy()) {
                        healthy.add(i);
                    }
                }
            }
            if (!healthy.isEmpty()) {
                return new Resolution(service, requested, current, steps, healthy, null, WeightedPicker.of(healthy),
                        summary(requested, current, steps, null));
            }
            FallbackStep.Reason reason = matching.isEmpty() ? FallbackStep.Reason.NO_INSTANCES
                    : FallbackStep.Reason.NONE_HEALTHY;
            String why = new FallbackStep(current, null, reason, matching.size(), 0).describe(selectorText(lane));
            String next = lane.fallback();
            String rejection = null;
            if (lane.strict()) {
                rejection = "lane '" + current + "' is strict and cannot serve service '" + service + "': " + why;
            } else if (next == null || !lanes.containsKey(next)) {
                rejection = "no lane can serve service '" + service + "': " + why
                        + (next == null ? " and lane '" + current + "' has no fallback" : "");
            } else if (visited.contains(next)) {
                rejection = "no lane can serve service '" + service + "': fallback cycle at '" + next + "'";
            }
            if (rejection != null) {
                steps.add(new FallbackStep(current, null, reason, matching.size(), 0));
                return new Resolution(service, requested, null, steps, List.of(), rejection, null,
                        summary(requested, null, steps, rejection));
            }
            steps.add(new FallbackStep(current, next, reason, matching.size(), 0));
            current = next;
        }
    }

    /**
     * Whether {@code instance} serves {@code lane}. A lane with a selector takes the instances whose
     * labels hold every pair. A baseline lane (empty selector, usually {@code stable}) takes the
     * instances that no other lane's selector claims, so stable traffic never reaches a canary.
     */
    static boolean serves(Lane lane, Instance instance, Map<String, Lane> lanes) {
        if (!lane.selector().isEmpty()) {
            return lane.selects(instance);
        }
        for (Lane other : lanes.values()) {
            if (!other.selector().isEmpty() && other.selects(instance)) {
                return false;
            }
        }
        return true;
    }

    /** {@code {version=v2}} or {@code {}} for a baseline lane; keys sorted for stable output. */
    public static String selectorText(Lane lane) {
        if (lane.selector().isEmpty()) {
            return "the baseline (instances no other lane selects)";
        }
        StringBuilder sb = new StringBuilder("{");
        lane.selector().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        });
        return sb.append('}').toString();
    }

    private static String summary(String requested, String served, List<FallbackStep> steps, String rejection) {
        if (rejection != null) {
            return requested + " rejected (" + reasonChain(steps) + ")";
        }
        if (steps.isEmpty()) {
            return requested;
        }
        return requested + "->" + served + " (" + reasonChain(steps) + ")";
    }

    private static String reasonChain(List<FallbackStep> steps) {
        StringBuilder sb = new StringBuilder();
        for (FallbackStep s : steps) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.fromLane()).append(": ").append(s.reason().text());
        }
        return sb.toString();
    }

    /** The resolution for {@code lane}; lanes this configuration does not define resolve like the default lane. */
    public Resolution resolve(String lane) {
        Resolution r = lane == null ? null : byLane.get(lane);
        return r != null ? r : unknownLane;
    }

    /** Whether {@code lane} is defined in the configuration this selector was built for. */
    public boolean knowsLane(String lane) {
        return lane != null && byLane.containsKey(lane);
    }

    /** The service name. */
    public String service() {
        return service;
    }

    /** The visible instances, sorted by id. */
    public List<Instance> instances() {
        return instances;
    }
}
