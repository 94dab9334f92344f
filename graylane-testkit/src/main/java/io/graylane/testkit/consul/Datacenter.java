package io.graylane.testkit.consul;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/** One datacenter: its raft index, KV (per namespace) and catalog. Guarded by the {@link Store} lock. */
final class Datacenter {

    static final String DEFAULT_NAMESPACE = "default";

    private final String name;
    private final Map<String, KvTable> kvByNamespace = new TreeMap<>();
    private final Catalog catalog;
    private long raftIndex;

    Datacenter(String name, String serverNode) {
        this.name = name;
        this.catalog = new Catalog(this);
        // A fresh server has a few raft entries: its node, serfHealth and the consul service.
        catalog.upsertNode(serverNode, "127.0.0.1", Map.of("consul-network-segment", ""));
        catalog.upsertCheck(CheckRecord.serfHealth(serverNode, "passing"));
        catalog.upsertService(new ServiceRecord(serverNode, DEFAULT_NAMESPACE, "consul", "consul",
                java.util.List.of(), "", 8300, Map.of(), 1, 1, false, 0, 0));
    }

    String name() {
        return name;
    }

    Catalog catalog() {
        return catalog;
    }

    long raftIndex() {
        return raftIndex;
    }

    /** Allocates the next raft index for one write. */
    long nextIndex() {
        return ++raftIndex;
    }

    /** Marks {@code index} as applied (a transaction reserves it before knowing it will commit). */
    void commitIndex(long index) {
        raftIndex = Math.max(raftIndex, index);
    }

    KvTable kv(String namespace) {
        return kvByNamespace.computeIfAbsent(namespace, ns -> new KvTable());
    }

    /**
     * Snapshot restore: every index in this datacenter is renumbered into {@code 1..raftIndex/2},
     * keeping their order, so each one goes backwards while the data stays.
     */
    void rewind() {
        TreeSet<Long> values = new TreeSet<>();
        LongConsumer collect = v -> {
            if (v > 0) {
                values.add(v);
            }
        };
        collect.accept(raftIndex);
        kvByNamespace.values().forEach(t -> t.collectIndexes(collect));
        catalog.collectIndexes(collect);
        long target = Math.max(1, raftIndex / 2);
        Map<Long, Long> mapping = new TreeMap<>();
        int rank = 0;
        int count = values.size();
        for (long v : values) {
            long mapped = count <= 1 ? target : 1 + (long) rank * (target - 1) / (count - 1);
            mapping.put(v, mapped);
            rank++;
        }
        LongUnaryOperator f = v -> v <= 0 ? v : mapping.getOrDefault(v, Math.min(v, target));
        raftIndex = f.applyAsLong(raftIndex);
        kvByNamespace.values().forEach(t -> t.renumber(f));
        catalog.renumber(f);
    }
}
