package io.graylane.testkit.consul;

import java.util.List;
import java.util.Map;

/** One service instance on one node, as the catalog holds it. Immutable. */
record ServiceRecord(String node, String namespace, String id, String name, List<String> tags, String address,
                     int port, Map<String, String> meta, int passingWeight, int warningWeight,
                     boolean enableTagOverride, long createIndex, long modifyIndex) {

    ServiceRecord {
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
    }

    Key key() {
        return new Key(node, namespace, id);
    }

    boolean sameContent(ServiceRecord o) {
        return o != null && name.equals(o.name) && tags.equals(o.tags) && address.equals(o.address)
                && port == o.port && meta.equals(o.meta) && passingWeight == o.passingWeight
                && warningWeight == o.warningWeight && enableTagOverride == o.enableTagOverride;
    }

    ServiceRecord withIndexes(long create, long modify) {
        return new ServiceRecord(node, namespace, id, name, tags, address, port, meta, passingWeight,
                warningWeight, enableTagOverride, create, modify);
    }

    /** Catalog key: a service ID is unique per node and namespace. */
    record Key(String node, String namespace, String id) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = node.compareTo(o.node);
            if (c == 0) {
                c = namespace.compareTo(o.namespace);
            }
            return c != 0 ? c : id.compareTo(o.id);
        }
    }
}
