package io.graylane.testkit.consul;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service instance to put in the catalog from Java ({@link Services#register}). {@code node},
 * {@code datacenter} and {@code namespace} may be null for the simulator's node, datacenter and the default
 * namespace; {@code health} null means the instance has no check of its own (only its node's), otherwise a
 * check {@code service:<id>} with that status. Immutable.
 *
 * @param datacenter    target datacenter or null
 * @param namespace     Enterprise namespace or null
 * @param node          node name or null
 * @param id            service ID (defaults to the name)
 * @param name          service name
 * @param tags          tags
 * @param address       service address ("" = the node's)
 * @param port          port
 * @param meta          service meta
 * @param passingWeight DNS/LB weight while passing
 * @param warningWeight weight while warning
 * @param health        status of the instance's own check, or null for none
 */
public record ServiceRegistration(String datacenter, String namespace, String node, String id, String name,
                                  List<String> tags, String address, int port, Map<String, String> meta,
                                  int passingWeight, int warningWeight, String health) {

    public ServiceRegistration {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name: empty (expected: a service name)");
        }
        id = id == null || id.isEmpty() ? name : id;
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
        address = address == null ? "" : address;
        if (health != null && !CheckRecord.validStatus(health)) {
            throw new IllegalArgumentException("health: " + health + " (expected: passing, warning, critical or null)");
        }
        if (passingWeight < 1) {
            throw new IllegalArgumentException("passingWeight: " + passingWeight + " (expected: >= 1)");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a registration. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String datacenter;
        private String namespace;
        private String node;
        private String id;
        private final List<String> tags = new ArrayList<>();
        private String address = "";
        private int port;
        private final Map<String, String> meta = new LinkedHashMap<>();
        private int passingWeight = 1;
        private int warningWeight = 1;
        private String health;

        private Builder(String name) {
            this.name = name;
        }

        public Builder datacenter(String dc) {
            this.datacenter = dc;
            return this;
        }

        public Builder namespace(String ns) {
            this.namespace = ns;
            return this;
        }

        public Builder node(String node) {
            this.node = node;
            return this;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
            }
            this.port = port;
            return this;
        }

        public Builder meta(String key, String value) {
            this.meta.put(key, value);
            return this;
        }

        public Builder meta(Map<String, String> meta) {
            this.meta.putAll(meta);
            return this;
        }

        public Builder weights(int passing, int warning) {
            this.passingWeight = passing;
            this.warningWeight = warning;
            return this;
        }

        /** Gives the instance its own check {@code service:<id>} with this status. */
        public Builder health(String status) {
            this.health = status;
            return this;
        }

        public ServiceRegistration build() {
            return new ServiceRegistration(datacenter, namespace, node, id, name, tags, address, port, meta,
                    passingWeight, warningWeight, health);
        }
    }
}
