package io.graylane.testkit.consul;

/**
 * Catalog registrations made directly from Java, on any node of any datacenter, as a catalog
 * register would do (no agent, no TTL). Thread-safe.
 *
 * <pre>{@code
 * sim.nodes().add("node-2", "10.0.0.2");
 * sim.services().register(ServiceRegistration.builder("orders").node("node-2").port(8080)
 *         .tags("version=v2").meta("version", "v2").health("passing").build());
 * sim.services().setHealth("node-2", "orders", "critical");
 * }</pre>
 */
public final class Services {

    private final SimContext ctx;
    private final String defaultDatacenter;

    Services(SimContext ctx, String defaultDatacenter) {
        this.ctx = ctx;
        this.defaultDatacenter = defaultDatacenter;
    }

    /** Registers or updates the instance and returns its service ID. */
    public String register(ServiceRegistration r) {
        String ns = namespace(r.namespace());
        String node = r.node() == null ? ctx.nodeName() : r.node();
        ctx.store().write(() -> {
            Catalog catalog = dc(r.datacenter()).catalog();
            if (catalog.node(node) == null) {
                throw new IllegalArgumentException("node: " + node + " (expected: a node added with nodes().add)");
            }
            catalog.upsertService(new ServiceRecord(node, ns, r.id(), r.name(), r.tags(), r.address(), r.port(),
                    r.meta(), r.passingWeight(), r.warningWeight(), false, 0, 0));
            if (r.health() != null) {
                catalog.upsertCheck(manualCheck(node, ns, r.id(), r.name(), r.health()));
            }
        });
        return r.id();
    }

    /** Removes an instance of the default datacenter and namespace; false when there was none. */
    public boolean deregister(String node, String serviceId) {
        return deregister(null, node, serviceId);
    }

    public boolean deregister(String datacenter, String node, String serviceId) {
        return ctx.store().write(() -> {
            Catalog catalog = dc(datacenter).catalog();
            for (ServiceRecord s : catalog.servicesOnNode(node)) {
                if (s.id().equals(serviceId)) {
                    for (CheckRecord c : catalog.checksFor(s)) {
                        ctx.ttl().disarm(c.key());
                    }
                    return catalog.removeService(node, s.namespace(), serviceId) != null;
                }
            }
            return false;
        });
    }

    /** Sets the instance's own check {@code service:<id>} (created if missing) in the default datacenter. */
    public Services setHealth(String node, String serviceId, String status) {
        return setHealth(null, node, serviceId, status);
    }

    public Services setHealth(String datacenter, String node, String serviceId, String status) {
        if (!CheckRecord.validStatus(status)) {
            throw new IllegalArgumentException("status: " + status + " (expected: passing, warning or critical)");
        }
        ctx.store().write(() -> {
            Catalog catalog = dc(datacenter).catalog();
            for (ServiceRecord s : catalog.servicesOnNode(node)) {
                if (s.id().equals(serviceId)) {
                    CheckRecord existing = catalog.check(new CheckRecord.Key(node, s.namespace(), "service:" + serviceId));
                    catalog.upsertCheck(existing != null ? existing.withStatus(status, existing.output())
                            : manualCheck(node, s.namespace(), serviceId, s.name(), status));
                    return;
                }
            }
            throw new IllegalArgumentException("service: " + serviceId + " on node " + node
                    + " (expected: a registered service ID)");
        });
        return this;
    }

    private static CheckRecord manualCheck(String node, String ns, String id, String name, String status) {
        return new CheckRecord(node, ns, "service:" + id, "Service '" + name + "' check", status, "", "", id, "",
                null, 0, 0);
    }

    private String namespace(String ns) {
        if (ns == null || ns.isEmpty()) {
            return Datacenter.DEFAULT_NAMESPACE;
        }
        if (!ctx.enterprise() && !ns.equals(Datacenter.DEFAULT_NAMESPACE)) {
            throw new IllegalArgumentException("namespace: " + ns + " (expected: none; namespaces need enterprise(true))");
        }
        return ns;
    }

    private Datacenter dc(String name) {
        return ConsulSimulator.requireDatacenter(ctx, name == null ? defaultDatacenter : name);
    }
}
