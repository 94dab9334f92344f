package io.graylane.testkit.consul;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * Nodes, services and checks of one datacenter, with Consul's index bookkeeping: a per-service index
 * (raised by any change to the service's instances, their checks or their nodes), table indexes, and the
 * last "extinction" index used once a service has no instance left. Writes that change nothing allocate
 * no index, as the agent's anti-entropy sync sends only differences. Guarded by the store lock.
 */
final class Catalog {

    private final Datacenter dc;
    private final NavigableMap<String, NodeRecord> nodes = new TreeMap<>();
    private final NavigableMap<ServiceRecord.Key, ServiceRecord> services = new TreeMap<>();
    private final NavigableMap<CheckRecord.Key, CheckRecord> checks = new TreeMap<>();
    private final Map<String, Long> serviceIndex = new HashMap<>();
    private long nodesIndex;
    private long servicesIndex;
    private long checksIndex;
    private long extinctionIndex;

    Catalog(Datacenter dc) {
        this.dc = dc;
    }

    // ---- reads ----

    NodeRecord node(String name) {
        return nodes.get(name);
    }

    List<NodeRecord> nodes() {
        return new ArrayList<>(nodes.values());
    }

    ServiceRecord service(String node, String namespace, String id) {
        return services.get(new ServiceRecord.Key(node, namespace, id));
    }

    List<ServiceRecord> services() {
        return new ArrayList<>(services.values());
    }

    /** Instances of one service in a namespace, ordered by node then ID. */
    List<ServiceRecord> instances(String namespace, String name) {
        List<ServiceRecord> out = new ArrayList<>();
        for (ServiceRecord s : services.values()) {
            if (s.namespace().equals(namespace) && s.name().equals(name)) {
                out.add(s);
            }
        }
        return out;
    }

    List<ServiceRecord> servicesOnNode(String node) {
        return new ArrayList<>(services.subMap(new ServiceRecord.Key(node, "", ""), true,
                new ServiceRecord.Key(node + '\0', "", ""), false).values());
    }

    CheckRecord check(CheckRecord.Key key) {
        return checks.get(key);
    }

    List<CheckRecord> checksOnNode(String node) {
        return new ArrayList<>(checks.subMap(new CheckRecord.Key(node, "", ""), true,
                new CheckRecord.Key(node + '\0', "", ""), false).values());
    }

    /** The checks of one instance: its own checks first, then its node's checks (Consul's order). */
    List<CheckRecord> checksFor(ServiceRecord s) {
        List<CheckRecord> own = new ArrayList<>();
        List<CheckRecord> nodeChecks = new ArrayList<>();
        for (CheckRecord c : checksOnNode(s.node())) {
            if (c.isNodeCheck()) {
                nodeChecks.add(c);
            } else if (c.serviceId().equals(s.id()) && c.namespace().equals(s.namespace())) {
                own.add(c);
            }
        }
        own.addAll(nodeChecks);
        return own;
    }

    /** The index a health or catalog query on one service reports. */
    long serviceQueryIndex(String namespace, String name) {
        Long idx = serviceIndex.get(serviceKey(namespace, name));
        if (idx != null) {
            return idx;
        }
        if (extinctionIndex > 0) {
            return extinctionIndex;
        }
        return Math.max(nodesIndex, Math.max(servicesIndex, checksIndex));
    }

    /** The index of {@code /v1/catalog/services}. */
    long servicesListIndex() {
        return Math.max(nodesIndex, servicesIndex);
    }

    long nodesListIndex() {
        return nodesIndex;
    }

    // ---- writes ----

    boolean upsertNode(String name, String address, Map<String, String> meta) {
        NodeRecord old = nodes.get(name);
        NodeRecord next = new NodeRecord(NodeRecord.idFor(dc.name(), name), name, address, meta, 0, 0);
        if (next.sameContent(old)) {
            return false;
        }
        long idx = dc.nextIndex();
        nodes.put(name, next.withIndexes(old == null ? idx : old.createIndex(), idx));
        nodesIndex = idx;
        touchServicesOn(name, idx);
        return true;
    }

    boolean removeNode(String name) {
        if (!nodes.containsKey(name)) {
            return false;
        }
        long idx = dc.nextIndex();
        nodes.remove(name);
        for (CheckRecord c : checksOnNode(name)) {
            checks.remove(c.key());
        }
        for (ServiceRecord s : servicesOnNode(name)) {
            services.remove(s.key());
            afterRemoval(s.namespace(), s.name(), idx);
        }
        nodesIndex = idx;
        servicesIndex = idx;
        checksIndex = idx;
        return true;
    }

    /** Registers or updates an instance; its node must exist. Returns false when nothing changed. */
    boolean upsertService(ServiceRecord s) {
        ServiceRecord old = services.get(s.key());
        if (s.sameContent(old)) {
            return false;
        }
        long idx = dc.nextIndex();
        services.put(s.key(), s.withIndexes(old == null ? idx : old.createIndex(), idx));
        servicesIndex = idx;
        serviceIndex.put(serviceKey(s.namespace(), s.name()), idx);
        if (old != null && !old.name().equals(s.name())) {
            afterRemoval(old.namespace(), old.name(), idx);
        }
        return true;
    }

    /** Removes an instance and its checks; returns the removed instance or null. */
    ServiceRecord removeService(String node, String namespace, String id) {
        ServiceRecord old = services.remove(new ServiceRecord.Key(node, namespace, id));
        if (old == null) {
            return null;
        }
        long idx = dc.nextIndex();
        for (CheckRecord c : checksOnNode(node)) {
            if (c.serviceId().equals(id) && c.namespace().equals(namespace)) {
                checks.remove(c.key());
                checksIndex = idx;
            }
        }
        servicesIndex = idx;
        afterRemoval(namespace, old.name(), idx);
        return old;
    }

    /** Adds or updates a check (indexes in {@code c} are ignored). Returns false when nothing changed. */
    boolean upsertCheck(CheckRecord c) {
        CheckRecord old = checks.get(c.key());
        if (c.sameContent(old) && java.util.Objects.equals(c.ttl(), old.ttl())) {
            return false;
        }
        long idx = dc.nextIndex();
        checks.put(c.key(), c.withIndexes(old == null ? idx : old.createIndex(), idx));
        checksIndex = idx;
        touchFor(c, idx);
        return true;
    }

    boolean removeCheck(CheckRecord.Key key) {
        CheckRecord old = checks.remove(key);
        if (old == null) {
            return false;
        }
        long idx = dc.nextIndex();
        checksIndex = idx;
        touchFor(old, idx);
        return true;
    }

    private void touchFor(CheckRecord c, long idx) {
        if (c.isNodeCheck()) {
            touchServicesOn(c.node(), idx);
        } else {
            ServiceRecord s = service(c.node(), c.namespace(), c.serviceId());
            if (s != null) {
                serviceIndex.put(serviceKey(s.namespace(), s.name()), idx);
            }
        }
    }

    private void touchServicesOn(String node, long idx) {
        for (ServiceRecord s : servicesOnNode(node)) {
            serviceIndex.put(serviceKey(s.namespace(), s.name()), idx);
        }
    }

    private void afterRemoval(String namespace, String name, long idx) {
        if (instances(namespace, name).isEmpty()) {
            serviceIndex.remove(serviceKey(namespace, name));
            extinctionIndex = idx;
        } else {
            serviceIndex.put(serviceKey(namespace, name), idx);
        }
    }

    private static String serviceKey(String namespace, String name) {
        return namespace + '\0' + name;
    }

    // ---- snapshot restore ----

    void collectIndexes(LongConsumer out) {
        nodes.values().forEach(n -> {
            out.accept(n.createIndex());
            out.accept(n.modifyIndex());
        });
        services.values().forEach(s -> {
            out.accept(s.createIndex());
            out.accept(s.modifyIndex());
        });
        checks.values().forEach(c -> {
            out.accept(c.createIndex());
            out.accept(c.modifyIndex());
        });
        serviceIndex.values().forEach(out::accept);
        out.accept(nodesIndex);
        out.accept(servicesIndex);
        out.accept(checksIndex);
        out.accept(extinctionIndex);
    }

    void renumber(LongUnaryOperator f) {
        nodes.replaceAll((k, n) -> n.withIndexes(f.applyAsLong(n.createIndex()), f.applyAsLong(n.modifyIndex())));
        services.replaceAll((k, s) -> s.withIndexes(f.applyAsLong(s.createIndex()), f.applyAsLong(s.modifyIndex())));
        checks.replaceAll((k, c) -> c.withIndexes(f.applyAsLong(c.createIndex()), f.applyAsLong(c.modifyIndex())));
        serviceIndex.replaceAll((k, v) -> f.applyAsLong(v));
        nodesIndex = f.applyAsLong(nodesIndex);
        servicesIndex = f.applyAsLong(servicesIndex);
        checksIndex = f.applyAsLong(checksIndex);
        extinctionIndex = f.applyAsLong(extinctionIndex);
    }
}
