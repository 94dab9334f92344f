package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.graylane.core.config.ChainEntry;
import io.graylane.core.config.Coloring;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.config.Propagation;
import io.graylane.core.config.RollbackSettings;
import io.graylane.core.config.TrustSettings;
import io.graylane.core.model.LabelMapping;
import io.graylane.core.model.Lane;
import io.graylane.core.model.Route;
import io.graylane.core.model.Scope;
import io.graylane.core.rule.Condition;
import io.graylane.core.rule.Rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a configuration tree to {@link GraylaneConfig} by hand, so that one pass finds every error
 * in the file instead of stopping at the first. Each section that has an error yields {@code null};
 * the whole config is only built when no error was found. Used once per load, by one thread.
 */
final class ConfigBinder {

    static final String NAME_RULE = "1-63 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private final Problems problems;
    private final ConditionBinder conditions;
    private final LaneReferences laneReferences;

    ConfigBinder(Problems problems) {
        this.problems = problems;
        this.conditions = new ConditionBinder(problems);
        this.laneReferences = new LaneReferences(problems);
    }

    /** The config, or {@code null} when errors were recorded. */
    GraylaneConfig bind(JsonNode root) {
        Fields f = Fields.open(problems, root, "", KnownKeys.ROOT, "an object with lanes and coloring");
        if (f == null) {
            return null;
        }
        f.integer("version", 1, 1, "1, the only version so far", 1);
        Scope scope = f.section("scope", KnownKeys.SCOPE, Scope.ALL, this::scope);
        LabelMapping labelMapping = f.section("labels", KnownKeys.LABEL_MAPPING, LabelMapping.DEFAULT, this::labelMapping);
        Propagation propagation = f.section("propagation", KnownKeys.PROPAGATION, Propagation.DEFAULT, this::propagation);
        List<Lane> lanes = lanes(f);
        // Lane names are known once "lanes" is a non-empty object, even if some lane bodies are wrong.
        boolean lanesDeclared = root.path("lanes").isObject() && !root.path("lanes").isEmpty();
        Coloring coloring = f.section("coloring", KnownKeys.COLORING, null, c -> coloring(c, lanesDeclared));
        TrustSettings trust = f.section("trust", KnownKeys.TRUST, TrustSettings.NONE, new TrustBinder(problems)::trust);
        List<Route> routes = f.list("routes", "a list of routes", this::route);
        DiscoveryBinder discovery = new DiscoveryBinder(problems, scope == null ? Scope.ALL : scope,
                labelMapping == null ? LabelMapping.DEFAULT : labelMapping);
        DiscoveryBinder.Discovery discovered =
                f.section("discovery", KnownKeys.DISCOVERY, DiscoveryBinder.Discovery.NONE, discovery::discovery);
        List<ChainEntry> chain = new ChainBinder(problems).chain(f);
        SidecarBinder.Applied sidecar = new SidecarBinder(problems).apply(f, routes, trust,
                discovered == null ? null : discovered.staticInstances());
        RollbackSettings rollback = f.section("rollback", KnownKeys.ROLLBACK, RollbackSettings.DEFAULT,
                new RollbackBinder(problems)::rollback);
        if (lanesDeclared) {
            laneReferences.checkFallbacks();
        }
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return new GraylaneConfig(scope, labelMapping, propagation, lanes, coloring, sidecar.trust(), sidecar.routes(),
                    discovered.staticInstances(), chain, discovered.consul(), rollback);
        } catch (IllegalArgumentException e) {
            problems.addFromCore("", KnownKeys.ROOT.keys(), e);
            return null;
        }
    }

    private Scope scope(Fields f) {
        String datacenter = f.string("datacenter", "a datacenter name", "");
        String namespace = f.string("namespace", "a Consul namespace, or \"\" for none", "");
        Map<String, String> labels = f.stringMap("labels", "an object of label names to values", Map.of());
        return datacenter == null || namespace == null || labels == null ? null : new Scope(datacenter, namespace, labels);
    }

    private LabelMapping labelMapping(Fields f) {
        List<String> separators = f.strings("separators", "a list of separators such as [\"=\", \":\"]",
                "a separator string", LabelMapping.DEFAULT.separators());
        boolean tags = f.bool("tags", LabelMapping.DEFAULT.tags());
        boolean meta = f.bool("meta", LabelMapping.DEFAULT.meta());
        if (separators == null) {
            return null;
        }
        for (int i = 0; i < separators.size(); i++) {
            if (separators.get(i).isEmpty()) {
                problems.add(ConfigPaths.index(f.path("separators"), i), "\"\" (expected: a non-empty separator)");
                return null;
            }
        }
        return f.build(() -> new LabelMapping(separators, tags, meta));
    }

    private Propagation propagation(Fields f) {
        Propagation d = Propagation.DEFAULT;
        String header = f.string("laneHeader", "an HTTP header name", d.laneHeader());
        boolean baggage = f.bool("baggage", d.baggage());
        String key = f.string("baggageKey", "a baggage key", d.baggageKey());
        return header == null || key == null ? null : f.build(() -> new Propagation(header, baggage, key));
    }

    private List<Lane> lanes(Fields root) {
        String expected = "an object of lane names to lanes, e.g. {stable: {}, canary: {selector: {version: v2}}}";
        JsonNode v = root.get("lanes", expected);
        if (v == null) {
            return null;
        }
        if (!v.isObject() || v.isEmpty()) {
            problems.add(root.path("lanes"), Values.mismatch(v, expected));
            return null;
        }
        List<Lane> lanes = new ArrayList<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            Lane lane = lane(e.getKey(), e.getValue(), ConfigPaths.key(root.path("lanes"), e.getKey()));
            ok &= lane != null;
            lanes.add(lane);
        }
        return ok ? lanes : null;
    }

    private Lane lane(String name, JsonNode node, String path) {
        boolean nameOk = Lane.isValidName(name);
        if (!nameOk) {
            problems.add(path, Values.quote(name)
                    + " (expected: a lane name of " + NAME_RULE + ")");
        }
        Fields f = Fields.open(problems, node, path, KnownKeys.LANE, "an object such as {} or {selector: {version: v2}, fallback: stable}");
        if (f == null) {
            laneReferences.declare(new LaneReferences.Declared(name, null, null, null));
            return null;
        }
        Map<String, String> selector = f.stringMap("selector", "an object of label names to values", Map.of());
        String fallback = f.nonEmptyString("fallback", "a lane name", null);
        boolean strict = f.bool("strict", false);
        laneReferences.declare(new LaneReferences.Declared(name, fallback, f.path("fallback"), f.node().get("fallback")));
        if (strict && fallback != null) {
            problems.add(f.path("fallback"), Values.render(f.node().get("fallback"))
                    + " (expected: no fallback on a strict lane, which rejects instead of falling back)");
            return null;
        }
        if (!nameOk || selector == null || (f.has("fallback") && fallback == null)) {
            return null;
        }
        // A lane falling back to itself is reported as a cycle by LaneReferences; don't report it twice.
        String safeFallback = name.equals(fallback) ? null : fallback;
        return f.build(() -> new Lane(name, selector, safeFallback, strict));
    }

    private Coloring coloring(Fields f, boolean lanesKnown) {
        String defaultLane = f.nonEmptyString("defaultLane", "a lane name", null);
        boolean ok = defaultLane != null
                && (!lanesKnown || laneReferences.check(defaultLane, f.path("defaultLane"), f.node().get("defaultLane")));
        Map<String, String> ruleNames = new HashMap<>();
        List<Rule> rules = f.list("rules", "a list of rules", (node, path) -> rule(node, path, lanesKnown, ruleNames));
        return ok && rules != null ? new Coloring(defaultLane, rules) : null;
    }

    private Rule rule(JsonNode node, String path, boolean lanesKnown, Map<String, String> ruleNames) {
        Fields f = Fields.open(problems, node, path, KnownKeys.RULE, "an object {name, lane, when}");
        if (f == null) {
            return null;
        }
        int index = Integer.parseInt(path.substring(path.lastIndexOf('[') + 1, path.length() - 1));
        String name = f.nonEmptyString("name", "a rule name of " + NAME_RULE, "rule-" + index);
        if (name != null && !Lane.isValidName(name)) {
            problems.add(f.path("name"), Values.render(f.node().get("name")) + " (expected: a rule name of " + NAME_RULE + ")");
            name = null;
        }
        if (name != null) {
            String firstPath = ruleNames.putIfAbsent(name, path);
            if (firstPath != null) {
                problems.add(f.has("name") ? f.path("name") : path, "\"" + name
                        + "\" (expected: a unique rule name; " + firstPath + " has it too)");
                name = null;
            }
        }
        String lane = f.nonEmptyString("lane", "a lane name", null);
        if (lane != null && lanesKnown && !laneReferences.check(lane, f.path("lane"), f.node().get("lane"))) {
            lane = null;
        }
        JsonNode when = f.get("when", "a condition object such as {header: {name: X-User-Group, equals: beta}}");
        Condition condition = when == null ? null : conditions.condition(when, f.path("when"));
        return name == null || lane == null || condition == null ? null : new Rule(name, condition, lane);
    }

    private Route route(JsonNode node, String path) {
        Fields f = Fields.open(problems, node, path, KnownKeys.ROUTE,
                "an object {name, host, pathPrefix, service, stripPrefix}");
        if (f == null) {
            return null;
        }
        String name = f.nonEmptyString("name", "a route name", null);
        String host = f.nonEmptyString("host", "a host name or *.domain", null);
        String pathPrefix = f.nonEmptyString("pathPrefix", "a path starting with '/'", null);
        String service = f.nonEmptyString("service", "a service name", null);
        boolean strip = f.bool("stripPrefix", false);
        boolean ok = service != null && (name != null || !f.has("name")) && (host != null || !f.has("host"))
                && (pathPrefix != null || !f.has("pathPrefix"));
        return ok ? f.build(() -> new Route(name, host, pathPrefix, service, strip)) : null;
    }
}
