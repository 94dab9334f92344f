package io.graylane.testkit.consul;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** A catalog node. Immutable. */
record NodeRecord(String id, String name, String address, Map<String, String> meta,
                  long createIndex, long modifyIndex) {

    NodeRecord {
        meta = Map.copyOf(meta);
    }

    /** Node IDs are stable per datacenter and name, so restarts of a test see the same IDs. */
    static String idFor(String datacenter, String node) {
        return UUID.nameUUIDFromBytes((datacenter + "/" + node).getBytes(StandardCharsets.UTF_8)).toString();
    }

    boolean sameContent(NodeRecord o) {
        return o != null && address.equals(o.address) && meta.equals(o.meta);
    }

    NodeRecord withIndexes(long create, long modify) {
        return new NodeRecord(id, name, address, meta, create, modify);
    }
}
