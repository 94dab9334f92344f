package io.graylane.consul;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One element of {@code GET /v1/health/service/:service}: the node, the service instance on it and
 * the checks that apply to it (node checks such as {@code serfHealth} included). Only the fields
 * Graylane uses are kept, so check output that changes on every run does not make two otherwise
 * identical results differ. Immutable.
 *
 * @param node    the node
 * @param service the service instance
 * @param checks  node and service checks
 */
public record ServiceEntry(Node node, Service service, List<Check> checks) {

    public ServiceEntry {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(service, "service");
        checks = List.copyOf(checks);
    }

    /**
     * A Consul node.
     *
     * @param id         node id (may be empty)
     * @param name       node name
     * @param address    node address, dialled when the service has none
     * @param datacenter the node's datacenter
     * @param meta       node Meta
     */
    public record Node(String id, String name, String address, String datacenter, Map<String, String> meta) {
        public Node {
            id = nullToEmpty(id);
            name = nullToEmpty(name);
            address = nullToEmpty(address);
            datacenter = nullToEmpty(datacenter);
            meta = Map.copyOf(meta == null ? Map.of() : meta);
        }
    }

    /**
     * A service instance as registered.
     *
     * @param id      service id, unique on its node
     * @param name    service name
     * @param tags    tags in registration order
     * @param address service address; empty means "the node's"
     * @param port    port (0 when none was registered)
     * @param meta    service Meta
     * @param weights weights by health
     */
    public record Service(String id, String name, List<String> tags, String address, int port,
                          Map<String, String> meta, Weights weights) {
        public Service {
            id = nullToEmpty(id);
            name = nullToEmpty(name);
            tags = List.copyOf(tags == null ? List.of() : tags);
            address = nullToEmpty(address);
            meta = Map.copyOf(meta == null ? Map.of() : meta);
            weights = weights == null ? Weights.DEFAULT : weights;
        }
    }

    /**
     * One health check.
     *
     * @param node        node name
     * @param checkId     check id, e.g. {@code service:web}, {@code serfHealth}, {@code _node_maintenance}
     * @param name        check name
     * @param status      {@code passing}, {@code warning}, {@code critical} (or {@code maintenance})
     * @param serviceId   id of the service it belongs to; empty for a node check
     * @param serviceName name of the service it belongs to; empty for a node check
     */
    public record Check(String node, String checkId, String name, String status, String serviceId,
                        String serviceName) {
        public Check {
            node = nullToEmpty(node);
            checkId = nullToEmpty(checkId);
            name = nullToEmpty(name);
            status = nullToEmpty(status);
            serviceId = nullToEmpty(serviceId);
            serviceName = nullToEmpty(serviceName);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
