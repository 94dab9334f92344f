package io.graylane.consul;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service instance to register with the local agent ({@code PUT /v1/agent/service/register}).
 * Immutable.
 *
 * @param name    service name (required)
 * @param id      instance id, unique on the agent; empty means the name
 * @param tags    tags, e.g. {@code version=v2}
 * @param address address to dial; empty means the node's
 * @param port    port, 0 for none
 * @param meta    Meta pairs
 * @param weights weights by health, or {@code null} for Consul's defaults
 * @param checks  checks; a TTL check gets id {@code service:<id>} (or {@code service:<id>:<n>} for several)
 */
public record ServiceRegistration(String name, String id, List<String> tags, String address, int port,
                                  Map<String, String> meta, Weights weights, List<CheckDefinition> checks) {

    public ServiceRegistration {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name: \"\" (expected: a service name)");
        }
        id = id == null ? "" : id;
        tags = List.copyOf(tags == null ? List.of() : tags);
        address = address == null ? "" : address;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        meta = Map.copyOf(meta == null ? Map.of() : meta);
        checks = List.copyOf(checks == null ? List.of() : checks);
    }

    /** A registration of {@code name} with id {@code id} at {@code address:port}, nothing else. */
    public static ServiceRegistration of(String name, String id, String address, int port) {
        return new ServiceRegistration(name, id, List.of(), address, port, Map.of(), null, List.of());
    }

    /** A copy with {@code newTags}. */
    public ServiceRegistration withTags(List<String> newTags) {
        return new ServiceRegistration(name, id, newTags, address, port, meta, weights, checks);
    }

    /** A copy with {@code newMeta}. */
    public ServiceRegistration withMeta(Map<String, String> newMeta) {
        return new ServiceRegistration(name, id, tags, address, port, newMeta, weights, checks);
    }

    /** A copy with {@code newWeights}. */
    public ServiceRegistration withWeights(Weights newWeights) {
        return new ServiceRegistration(name, id, tags, address, port, meta, newWeights, checks);
    }

    /** A copy with {@code newChecks}. */
    public ServiceRegistration withChecks(List<CheckDefinition> newChecks) {
        return new ServiceRegistration(name, id, tags, address, port, meta, weights, newChecks);
    }

    /** The id the agent will use: {@link #id()}, or the name when it is empty. */
    public String effectiveId() {
        return id.isEmpty() ? name : id;
    }
}
