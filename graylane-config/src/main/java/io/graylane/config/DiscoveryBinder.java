package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.model.LabelMapping;
import io.graylane.core.model.Scope;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code discovery.static}: instances per service, written in the file instead of coming from
 * Consul. Labels come from tags and Meta through the configured {@link LabelMapping}; the datacenter
 * defaults to the scope's. A route to a service without static instances is fine: Consul may add them.
 */
final class DiscoveryBinder {

    private final Problems problems;
    private final Scope scope;
    private final LabelMapping labelMapping;

    DiscoveryBinder(Problems problems, Scope scope, LabelMapping labelMapping) {
        this.problems = problems;
        this.scope = scope;
        this.labelMapping = labelMapping;
    }

    Map<String, List<Instance>> discovery(Fields f) {
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
                "an object {id, address, port, tags, meta, health, weight, datacenter}");
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
        if (id == null || address == null || port == null || tags == null || meta == null || health == null
                || weight == null || datacenter == null) {
            return null;
        }
        String finalId = id;
        return f.build(() -> new Instance(service, finalId, address, port, health, weight, datacenter,
                labelMapping.labels(tags, meta)));
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
