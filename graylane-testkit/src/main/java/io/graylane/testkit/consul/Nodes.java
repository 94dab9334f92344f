package io.graylane.testkit.consul;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Catalog nodes of one datacenter, managed from Java. A node added here has a passing {@code serfHealth}
 * check; {@link #setSerfHealth} turns it (and so every instance on the node) unhealthy. Thread-safe.
 *
 * <pre>{@code
 * sim.nodes().add("node-2", "10.0.0.2");
 * sim.nodes().setSerfHealth("node-2", "critical");
 * }</pre>
 */
public final class Nodes {

    private final SimContext ctx;
    private final String datacenter;

    Nodes(SimContext ctx, String datacenter) {
        this.ctx = ctx;
        this.datacenter = datacenter;
    }

    /** The same operations on another datacenter. */
    public Nodes inDatacenter(String name) {
        ctx.store().read(() -> ConsulSimulator.requireDatacenter(ctx, name));
        return new Nodes(ctx, name);
    }

    public Nodes add(String node, String address) {
        return add(node, address, Map.of());
    }

    /** Adds or updates a node with its meta (used by {@code node-meta} and {@code Node.Meta} filters). */
    public Nodes add(String node, String address, Map<String, String> meta) {
        if (node == null || node.isEmpty()) {
            throw new IllegalArgumentException("node: empty (expected: a node name)");
        }
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("address: empty (expected: an IP address or host)");
        }
        ctx.store().write(() -> {
            Catalog catalog = dc().catalog();
            catalog.upsertNode(node, address, meta);
            if (catalog.check(new CheckRecord.Key(node, Datacenter.DEFAULT_NAMESPACE, "serfHealth")) == null) {
                catalog.upsertCheck(CheckRecord.serfHealth(node, CheckRecord.PASSING));
            }
        });
        return this;
    }

    /** Removes a node with its services and checks; the simulator's own node cannot be removed. */
    public Nodes remove(String node) {
        if (node.equals(ctx.nodeName())) {
            throw new IllegalArgumentException("node: " + node + " (expected: not the simulator's own node)");
        }
        ctx.store().write(() -> dc().catalog().removeNode(node));
        return this;
    }

    /** Sets the node's {@code serfHealth} status: {@code passing}, {@code warning} or {@code critical}. */
    public Nodes setSerfHealth(String node, String status) {
        if (!CheckRecord.validStatus(status)) {
            throw new IllegalArgumentException("status: " + status + " (expected: passing, warning or critical)");
        }
        ctx.store().write(() -> {
            Catalog catalog = dc().catalog();
            if (catalog.node(node) == null) {
                throw new IllegalArgumentException("node: " + node + " (expected: a node added with nodes().add)");
            }
            catalog.upsertCheck(CheckRecord.serfHealth(node, status));
        });
        return this;
    }

    /** Node names, sorted. */
    public List<String> names() {
        return ctx.store().read(() -> {
            List<String> out = new ArrayList<>();
            dc().catalog().nodes().forEach(n -> out.add(n.name()));
            return out;
        });
    }

    private Datacenter dc() {
        return ConsulSimulator.requireDatacenter(ctx, datacenter);
    }
}
