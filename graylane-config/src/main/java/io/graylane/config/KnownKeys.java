package io.graylane.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys each kind of config object accepts, and which of them are required. The binder rejects
 * any other key, and a test checks that docs/graylane.schema.json declares exactly these properties
 * (under {@code $defs/<schemaDef>}) so the schema and the binder cannot drift apart.
 */
enum KnownKeys {
    ROOT("", List.of("lanes", "coloring"),
            "version", "scope", "labels", "propagation", "lanes", "coloring", "trust", "routes", "discovery", "chain",
            "mode", "sidecar", "rollback"),
    SCOPE("scope", List.of(), "datacenter", "namespace", "labels"),
    LABEL_MAPPING("labelMapping", List.of(), "separators", "tags", "meta"),
    PROPAGATION("propagation", List.of(), "laneHeader", "baggage", "baggageKey"),
    LANE("lane", List.of(), "selector", "fallback", "strict"),
    COLORING("coloring", List.of("defaultLane"), "defaultLane", "rules"),
    RULE("rule", List.of("lane", "when"), "name", "lane", "when"),
    CONDITION("condition", List.of(),
            "header", "cookie", "query", "path", "method", "clientCidr", "sticky", "random", "allOf", "anyOf", "not"),
    NAMED_MATCH("namedMatch", List.of("name"), "name", "equals", "prefix", "regex", "present", "absent", "in"),
    PATH_MATCH("pathMatch", List.of(), "equals", "prefix", "regex", "in"),
    STICKY("sticky", List.of("key", "percent"), "key", "percent", "salt"),
    RANDOM("random", List.of("percent"), "percent"),
    TRUST("trust", List.of(), "trustedCidrs", "keys"),
    SIGNING_KEY("signingKey", List.of("id", "secret"), "id", "secret"),
    ROUTE("route", List.of("service"), "name", "host", "pathPrefix", "service", "stripPrefix"),
    SIDECAR("sidecar", List.of(), "routeBy", "hostSuffixes", "stripServicePrefix", "trustLoopback", "services"),
    DISCOVERY("discovery", List.of(), "static", "consul"),
    CONSUL_DISCOVERY("consulDiscovery", List.of(), "address", "token", "onlyPassing", "wait", "stale", "tags", "filter",
            "services"),
    CONSUL_SERVICE("consulService", List.of(), "tags", "filter"),
    INSTANCE("instance", List.of("id", "address", "port"),
            "id", "address", "port", "tags", "meta", "health", "weight", "datacenter", "protocol"),
    CHAIN_ENTRY("chainEntry", List.of("id", "type"), "id", "type", "enabled", "config", "after", "before"),
    ROLLBACK("rollback", List.of(), "history", "auto"),
    AUTO_ROLLBACK("autoRollback", List.of(), "enabled", "window", "minRequests", "margin");

    /** Matchers of a header/cookie/query condition: exactly one must be present. */
    static final List<String> VALUE_MATCHERS = List.of("equals", "prefix", "regex", "present", "absent", "in");

    /** Matchers of a path condition: exactly one must be present. */
    static final List<String> PATH_MATCHERS = List.of("equals", "prefix", "regex", "in");

    private final String schemaDef;
    private final Set<String> keys;
    private final Set<String> required;

    KnownKeys(String schemaDef, List<String> required, String... keys) {
        this.schemaDef = schemaDef;
        this.keys = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
        this.required = Collections.unmodifiableSet(new LinkedHashSet<>(required));
        if (!this.keys.containsAll(this.required)) {
            throw new IllegalStateException(name() + ": required keys " + required + " not all in " + this.keys);
        }
    }

    /** Name under {@code $defs} in the JSON Schema; empty for the document root. */
    String schemaDef() {
        return schemaDef;
    }

    /** Accepted keys, in documentation order. */
    Set<String> keys() {
        return keys;
    }

    /** Keys that must be present. */
    Set<String> required() {
        return required;
    }
}
