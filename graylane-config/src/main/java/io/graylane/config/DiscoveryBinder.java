package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.graylane.core.config.ConsulDiscoverySettings;
import io.graylane.core.config.ConsulServiceQuery;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.model.LabelMapping;
import io.graylane.core.model.Scope;
import io.graylane.core.model.UpstreamProtocol;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code discovery}: {@code static} instances per service, written in the file instead of coming
 * from Consul, and the {@code consul} settings that turn Consul discovery on. Static labels come from
 * tags and Meta through the configured {@link LabelMapping}; the datacenter defaults to the scope's. A
 * route to a service without static instances is fine: Consul may add them.
 */
final class DiscoveryBinder {

    /**
     * The bound section.
     *
     * @param staticInstances instances per service written in the file
     * @param consul          the Consul discovery settings, or {@code null} when {@code consul} is absent
     */
    record Discovery(Map<String, List<Instance>> staticInstances, ConsulDiscoverySettings consul) {
        static final Discovery NONE = new Discovery(Map.of(), null);
    }

    private static final String WAIT_EXPECTED = "a duration such as 30s, 1m or 1m30s, more than 0 and at most 10m";

    private final Problems problems;
    private final Scope scope;
    private final LabelMapping labelMapping;

    DiscoveryBinder(Problems problems, Scope scope, LabelMapping labelMapping) {
        this.problems = problems;
        this.scope = scope;
        this.labelMapping = labelMapping;
    }

    /** The section, or {@code null} when errors were recorded. */
    Discovery discovery(Fields f) {
        Map<String, List<Instance>> staticInstances = staticInstances(f);
        ConsulDiscoverySettings consul = f.section("consul", KnownKeys.CONSUL_DISCOVERY, null, this::consul);
        boolean consulOk = consul != null || !f.has("consul");
        return staticInstances == null || !consulOk ? null : new Discovery(staticInstances, consul);
    }

    private ConsulDiscoverySettings consul(Fields f) {
        ConsulDiscoverySettings d = ConsulDiscoverySettings.DEFAULT;
        String address = f.string("address", "a Consul address such as 127.0.0.1:8500 or https://consul.internal:8501",
                d.address());
        String token = token(f);
        boolean onlyPassing = f.bool("onlyPassing", d.onlyPassing());
        Duration wait = wait(f, d.waitTime());
        boolean stale = f.bool("stale", d.stale());
        ConsulServiceQuery query = query(f, ConsulServiceQuery.ALL);
        Map<String, ConsulServiceQuery> services = query == null ? null : serviceQueries(f, query);
        if (address == null || token == null || wait == null || query == null || services == null) {
            return null;
        }
        return f.build(() -> new ConsulDiscoverySettings(address, token, onlyPassing, wait, stale, query, services));
    }

    /** {@code tags} and {@code filter} of {@code f}, each defaulting to {@code inherited}'s; {@code null} on error. */
    private ConsulServiceQuery query(Fields f, ConsulServiceQuery inherited) {
        List<String> tags = f.strings("tags", "a list of tags every instance must carry, such as [prod]", "a tag",
                inherited.tags());
        String filterExpected = "a Consul filter expression such as 'Service.Meta.env == \"prod\"'";
        String filter = f.string("filter", filterExpected, inherited.filter());
        boolean ok = tags != null && filter != null;
        if (tags != null && f.has("tags")) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < tags.size(); i++) {
                String tag = tags.get(i);
                String path = ConfigPaths.index(f.path("tags"), i);
                if (tag.isBlank() || !tag.strip().equals(tag)) {
                    problems.add(path, Values.quote(tag) + " (expected: a non-empty tag without leading or trailing spaces)");
                    ok = false;
                } else if (!seen.add(tag)) {
                    problems.add(path, Values.quote(tag) + " (expected: each tag once)");
                    ok = false;
                }
            }
        }
        return ok ? f.build(() -> new ConsulServiceQuery(tags, filter)) : null;
    }

    /** {@code services}: per-service {@code tags} and {@code filter}, merged over {@code defaults}. */
    private Map<String, ConsulServiceQuery> serviceQueries(Fields f, ConsulServiceQuery defaults) {
        String expected = "an object of service names to {tags, filter}";
        JsonNode services = f.get("services", expected);
        if (services == null) {
            return Map.of();
        }
        if (!services.isObject()) {
            problems.add(f.path("services"), Values.mismatch(services, expected));
            return null;
        }
        Map<String, ConsulServiceQuery> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> e : services.properties()) {
            String path = ConfigPaths.key(f.path("services"), e.getKey());
            if (e.getKey().isEmpty()) {
                problems.add(path, "\"\" (expected: a service name)");
                ok = false;
                continue;
            }
            Fields sf = Fields.open(problems, e.getValue(), path, KnownKeys.CONSUL_SERVICE, "an object {tags, filter}");
            ConsulServiceQuery q = sf == null ? null : query(sf, defaults);
            ok &= q != null;
            out.put(e.getKey(), q);
        }
        return ok ? out : null;
    }

    /** The token, never echoed in an error: a wrong value is named by its kind only. */
    private String token(Fields f) {
        JsonNode t = f.get("token", "an ACL token, e.g. \"${CONSUL_HTTP_TOKEN}\"");
        if (t == null) {
            return "";
        }
        if (t.isTextual()) {
            return t.textValue();
        }
        String kind = t.isNumber() ? "a number" : t.isBoolean() ? "a boolean" : Values.render(t);
        problems.add(f.path("token"), kind + " (expected: a string, e.g. \"${CONSUL_HTTP_TOKEN}\")");
        return null;
    }

    private Duration wait(Fields f, Duration fallback) {
        String text = f.string("wait", WAIT_EXPECTED, null);
        if (text == null) {
            return f.has("wait") ? null : fallback;
        }
        Duration wait = GoDurations.parse(text.strip());
        if (wait == null || wait.isZero() || wait.compareTo(ConsulDiscoverySettings.MAX_WAIT) > 0) {
            problems.add(f.path("wait"), Values.quote(text) + " (expected: " + WAIT_EXPECTED + ")");
            return null;
        }
        return wait;
    }

    private Map<String, List<Instance>> staticInstances(Fields f) {
        String expected = "an object of service names to lists of instances";
        JsonNode services = f.get("static", expected);
        if (services == null) {
            return Map.of();
        }
        if (!services.isObject()) {
            problems.add(f.path("static"), Values.mismatch(services, expected));
            return null;
        }
        Map<String, List<Instance>> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> e : services.properties()) {
            String service = e.getKey();
            String path = ConfigPaths.key(f.path("static"), service);
            if (service.isEmpty()) {
                problems.add(path, "\"\" (expected: a service name)");
                ok = false;
                continue;
            }
            List<Instance> instances = instances(service, e.getValue(), path);
            ok &= instances != null;
            out.put(service, instances);
        }
        return ok ? out : null;
    }

    private List<Instance> instances(String service, JsonNode node, String path) {
        if (!node.isArray()) {
            problems.add(path, Values.mismatch(node, "a list of instances {id, address, port, …}"));
            return null;
        }
        Map<String, String> ids = new HashMap<>();
        List<Instance> out = new java.util.ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            Instance instance = instance(service, node.get(i), ConfigPaths.index(path, i), ids);
            ok &= instance != null;
            out.add(instance);
        }
        return ok ? out : null;
    }

    private Instance instance(String service, JsonNode node, String path, Map<String, String> ids) {
        Fields f = Fields.open(problems, node, path, KnownKeys.INSTANCE,
                "an object {id, address, port, tags, meta, health, weight, datacenter, protocol}");
        if (f == null) {
            return null;
        }
        String id = f.nonEmptyString("id", "an instance id", null);
        if (id != null) {
            String first = ids.putIfAbsent(id, path);
            if (first != null) {
                problems.add(f.path("id"), Values.render(f.node().get("id"))
                        + " (expected: an instance id unique within the service; " + first + " has it too)");
                id = null;
            }
        }
        String address = f.nonEmptyString("address", "a host name or IP address", null);
        Integer port = f.integer("port", 1, 65535, "a port 1..65535", null);
        List<String> tags = f.strings("tags", "a list of tags such as [version=v2]", "a tag", List.of());
        Map<String, String> meta = f.stringMap("meta", "an object of Meta keys to values", Map.of());
        Health health = health(f);
        Integer weight = f.integer("weight", 0, Integer.MAX_VALUE, "an integer >= 0", 1);
        String datacenter = f.string("datacenter", "a datacenter name", scope.datacenter());
        String protocol = protocol(f, meta);
        if (id == null || address == null || port == null || tags == null || meta == null || health == null
                || weight == null || datacenter == null || protocol == null) {
            return null;
        }
        String finalId = id;
        return f.build(() -> new Instance(service, finalId, address, port, health, weight, datacenter,
                withProtocol(labelMapping.labels(tags, meta), protocol)));
    }

    /**
     * The {@code protocol} key ({@code http1} or {@code h2c}) as its label value, {@code ""} when absent,
     * {@code null} when wrong. A {@code graylane-protocol} Meta entry, as Consul would carry it, must name
     * a protocol too.
     */
    private String protocol(Fields f, Map<String, String> meta) {
        String expected = "http1 or h2c";
        String fromMeta = meta == null ? null : meta.get(UpstreamProtocol.LABEL);
        if (fromMeta != null && UpstreamProtocol.parse(fromMeta) == null) {
            problems.add(ConfigPaths.key(f.path("meta"), UpstreamProtocol.LABEL),
                    Values.quote(fromMeta) + " (expected: " + expected + ")");
            return null;
        }
        String text = f.string("protocol", expected, null);
        if (text == null) {
            return f.has("protocol") ? null : "";
        }
        UpstreamProtocol p = UpstreamProtocol.parse(text);
        if (p == null) {
            problems.add(f.path("protocol"), Values.quote(text) + " (expected: " + expected + ")");
            return null;
        }
        return p.label();
    }

    /** The labels with {@code graylane-protocol} set to the {@code protocol} key, whatever the label mapping keeps. */
    private static Map<String, String> withProtocol(Map<String, String> labels, String protocol) {
        if (protocol.isEmpty()) {
            return labels;
        }
        Map<String, String> out = new LinkedHashMap<>(labels);
        out.put(UpstreamProtocol.LABEL, protocol);
        return out;
    }

    private Health health(Fields f) {
        String expected = "passing, warning, critical or maintenance";
        String text = f.string("health", expected, "passing");
        if (text == null) {
            return null;
        }
        try {
            return Health.parse(text);
        } catch (IllegalArgumentException e) {
            problems.addForValue(f.path("health"), f.node().get("health"), e);
            return null;
        }
    }
}
