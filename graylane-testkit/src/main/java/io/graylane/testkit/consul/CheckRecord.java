package io.graylane.testkit.consul;

import java.time.Duration;

/**
 * One health check. {@code serviceId} is empty for node checks ({@code serfHealth}, node maintenance);
 * {@code ttl} is null unless it is a TTL check. Immutable.
 */
record CheckRecord(String node, String namespace, String checkId, String name, String status, String notes,
                   String output, String serviceId, String type, Duration ttl, long createIndex, long modifyIndex) {

    static final String PASSING = "passing";
    static final String WARNING = "warning";
    static final String CRITICAL = "critical";

    static CheckRecord serfHealth(String node, String status) {
        return new CheckRecord(node, Datacenter.DEFAULT_NAMESPACE, "serfHealth", "Serf Health Status", status, "",
                PASSING.equals(status) ? "Agent alive and reachable" : "Agent not live or unreachable",
                "", "", null, 0, 0);
    }

    static boolean validStatus(String status) {
        return PASSING.equals(status) || WARNING.equals(status) || CRITICAL.equals(status);
    }

    Key key() {
        return new Key(node, namespace, checkId);
    }

    boolean isNodeCheck() {
        return serviceId.isEmpty();
    }

    boolean sameContent(CheckRecord o) {
        return o != null && name.equals(o.name) && status.equals(o.status) && notes.equals(o.notes)
                && output.equals(o.output) && serviceId.equals(o.serviceId) && type.equals(o.type);
    }

    CheckRecord withStatus(String newStatus, String newOutput) {
        return new CheckRecord(node, namespace, checkId, name, newStatus, notes, newOutput, serviceId, type, ttl,
                createIndex, modifyIndex);
    }

    CheckRecord withIndexes(long create, long modify) {
        return new CheckRecord(node, namespace, checkId, name, status, notes, output, serviceId, type, ttl,
                create, modify);
    }

    /** Catalog key: a check ID is unique per node and namespace. */
    record Key(String node, String namespace, String checkId) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = node.compareTo(o.node);
            if (c == 0) {
                c = namespace.compareTo(o.namespace);
            }
            return c != 0 ? c : checkId.compareTo(o.checkId);
        }
    }
}
