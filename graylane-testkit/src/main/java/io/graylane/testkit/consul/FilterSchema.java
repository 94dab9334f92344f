package io.graylane.testkit.consul;

import java.util.List;
import java.util.Map;

/** The selectors an endpoint's filter may use, as a small type tree. Immutable. */
sealed interface FilterSchema {

    /** A string, number or boolean. */
    record Scalar() implements FilterSchema { }

    /** A map of strings ({@code Meta}, {@code TaggedAddresses}): any one more segment is a key. */
    record StringMap() implements FilterSchema { }

    /** A list; a further segment selects that field in every element (any-element semantics). */
    record ListOf(FilterSchema element) implements FilterSchema { }

    /** A struct with named fields. */
    record Struct(Map<String, FilterSchema> fields) implements FilterSchema {
        public Struct {
            fields = Map.copyOf(fields);
        }
    }

    FilterSchema SCALAR = new Scalar();
    FilterSchema MAP = new StringMap();
    FilterSchema STRINGS = new ListOf(SCALAR);

    /** True when {@code path} names something this schema has. */
    default boolean accepts(List<String> path) {
        FilterSchema at = this;
        for (String segment : path) {
            if (at instanceof ListOf list) {
                at = list.element();
            }
            if (at instanceof Struct s) {
                at = s.fields().get(segment);
                if (at == null) {
                    return false;
                }
            } else if (at instanceof StringMap) {
                at = SCALAR;
            } else {
                return false;
            }
        }
        return true;
    }

    Struct NODE = new Struct(Map.of("ID", SCALAR, "Node", SCALAR, "Address", SCALAR, "Datacenter", SCALAR,
            "TaggedAddresses", MAP, "Meta", MAP));

    Struct SERVICE = new Struct(Map.of("ID", SCALAR, "Service", SCALAR, "Tags", STRINGS, "Address", SCALAR,
            "Meta", MAP, "Port", SCALAR, "Weights", new Struct(Map.of("Passing", SCALAR, "Warning", SCALAR)),
            "EnableTagOverride", SCALAR, "Namespace", SCALAR, "Kind", SCALAR));

    Struct CHECK = new Struct(Map.ofEntries(Map.entry("Node", SCALAR), Map.entry("CheckID", SCALAR),
            Map.entry("Name", SCALAR), Map.entry("Status", SCALAR), Map.entry("Notes", SCALAR),
            Map.entry("Output", SCALAR), Map.entry("ServiceID", SCALAR), Map.entry("ServiceName", SCALAR),
            Map.entry("ServiceTags", STRINGS), Map.entry("Type", SCALAR), Map.entry("Namespace", SCALAR)));

    /** {@code /v1/health/service/:svc}: Node.*, Service.*, Checks.*. */
    FilterSchema HEALTH_ENTRY = new Struct(Map.of("Node", NODE, "Service", SERVICE, "Checks", new ListOf(CHECK)));

    /** {@code /v1/agent/services}: the service's own fields. */
    FilterSchema AGENT_SERVICE = new Struct(Map.of("ID", SCALAR, "Service", SCALAR, "Tags", STRINGS,
            "Meta", MAP, "Port", SCALAR, "Address", SCALAR, "Weights", SERVICE.fields().get("Weights"),
            "EnableTagOverride", SCALAR, "Datacenter", SCALAR, "Namespace", SCALAR));

    /** {@code /v1/catalog/service/:svc}: the flat ServiceNode fields. */
    FilterSchema CATALOG_SERVICE_NODE = new Struct(Map.ofEntries(Map.entry("ID", SCALAR), Map.entry("Node", SCALAR),
            Map.entry("Address", SCALAR), Map.entry("Datacenter", SCALAR), Map.entry("TaggedAddresses", MAP),
            Map.entry("NodeMeta", MAP), Map.entry("ServiceKind", SCALAR), Map.entry("ServiceID", SCALAR),
            Map.entry("ServiceName", SCALAR), Map.entry("ServiceTags", STRINGS), Map.entry("ServiceAddress", SCALAR),
            Map.entry("ServiceWeights", SERVICE.fields().get("Weights")), Map.entry("ServiceMeta", MAP),
            Map.entry("ServicePort", SCALAR), Map.entry("ServiceEnableTagOverride", SCALAR),
            Map.entry("Namespace", SCALAR)));
}
