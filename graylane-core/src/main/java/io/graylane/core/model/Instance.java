package io.graylane.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One endpoint of a service, as discovery reports it. Immutable; safe to share between threads.
 *
 * @param service    logical service name, e.g. {@code orders}
 * @param id         instance id, unique within the service
 * @param address    host name or IP literal to dial
 * @param port       TCP port, 1..65535
 * @param health     aggregated health
 * @param weight     relative weight for weighted choice, &gt;= 0 (0 = never chosen while others exist)
 * @param datacenter datacenter the instance lives in (may be empty when unknown)
 * @param labels     labels derived from tags and Meta, see {@link LabelMapping}
 */
public record Instance(String service, String id, String address, int port, Health health, int weight,
                       String datacenter, Map<String, String> labels) {

    public Instance {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(health, "health");
        if (service.isEmpty()) {
            throw new IllegalArgumentException("service: \"\" (expected: a service name)");
        }
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id: \"\" (expected: an instance id)");
        }
        if (address.isEmpty()) {
            throw new IllegalArgumentException("address: \"\" (expected: a host or IP address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
        }
        datacenter = datacenter == null ? "" : datacenter;
        labels = Map.copyOf(labels == null ? Map.of() : labels);
    }

    /** Whether this instance may receive traffic. */
    public boolean isHealthy() {
        return health.isHealthy();
    }

    /** The label value for {@code key}, or {@code null} when absent. */
    public String label(String key) {
        return labels.get(key);
    }

    /** {@code address:port}, with IPv6 literals bracketed. */
    public String authority() {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }

    /** A copy with another health. */
    public Instance withHealth(Health newHealth) {
        return new Instance(service, id, address, port, newHealth, weight, datacenter, labels);
    }

    @Override
    public String toString() {
        return service + "/" + id + "@" + authority() + " " + health.name().toLowerCase() + " " + labels;
    }
}
