package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The declared lanes and their fallbacks, for checking what refers to them: the default lane, rule
 * lanes and fallbacks must name a declared lane, and fallbacks must not loop.
 */
final class LaneReferences {

    /** A declared lane: its fallback (or {@code null}) and where that fallback is written. */
    record Declared(String name, String fallback, String fallbackPath, JsonNode fallbackNode) {
    }

    private static final int MAX_LISTED = 12;

    private final Problems problems;
    private final Map<String, Declared> lanes = new LinkedHashMap<>();

    LaneReferences(Problems problems) {
        this.problems = problems;
    }

    void declare(Declared lane) {
        lanes.put(lane.name(), lane);
    }

    /** Whether {@code name} is declared; if not, records an error at {@code path} with a suggestion. */
    boolean check(String name, String path, JsonNode node) {
        if (lanes.containsKey(name)) {
            return true;
        }
        List<String> names = new ArrayList<>(lanes.keySet());
        String listed = names.size() <= MAX_LISTED ? String.join(", ", names)
                : String.join(", ", names.subList(0, MAX_LISTED)) + ", …";
        problems.add(path, Values.render(node) + " (expected: a declared lane: " + listed
                + Suggestions.didYouMean(name, names) + ")");
        return false;
    }

    /** Checks every fallback names a lane, and reports each fallback cycle once. */
    void checkFallbacks() {
        for (Declared lane : lanes.values()) {
            if (lane.fallback() != null) {
                check(lane.fallback(), lane.fallbackPath(), lane.fallbackNode());
            }
        }
        Set<String> reported = new HashSet<>();
        List<String> order = new ArrayList<>(lanes.keySet());
        for (String start : order) {
            List<String> walk = new ArrayList<>();
            String at = start;
            while (at != null && lanes.containsKey(at) && !walk.contains(at)) {
                walk.add(at);
                at = lanes.get(at).fallback();
            }
            if (at == null || !lanes.containsKey(at)) {
                continue;
            }
            List<String> cycle = new ArrayList<>(walk.subList(walk.indexOf(at), walk.size()));
            // Start the cycle at its member declared first, so it is named the same from every entry.
            String first = cycle.stream().min((a, b) -> order.indexOf(a) - order.indexOf(b)).orElseThrow();
            if (!reported.add(first)) {
                continue;
            }
            int k = cycle.indexOf(first);
            List<String> rotated = new ArrayList<>(cycle.subList(k, cycle.size()));
            rotated.addAll(cycle.subList(0, k));
            rotated.add(first);
            Declared d = lanes.get(first);
            problems.add(d.fallbackPath(), Values.render(d.fallbackNode()) + " makes a fallback cycle "
                    + rotated.stream().collect(Collectors.joining(" -> "))
                    + " (expected: fallbacks that end at a lane without fallback)");
        }
    }
}
