package io.graylane.testkit.consul;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory Consul HTTP API on loopback, for tests and demos: KV, transactions, health and catalog
 * reads, agent registration with TTL checks, blocking queries, ACLs, several datacenters, Enterprise
 * namespaces, and fault injection ({@link #faults()}). It answers what a real Consul answers (shapes,
 * status codes, headers and error texts), within the gaps listed in {@code docs/consul-simulator.md}.
 * Thread-safe; close it to free the port and threads.
 *
 * <pre>{@code
 * try (ConsulSimulator consul = ConsulSimulator.start()) {
 *     URI address = consul.address();   // http://127.0.0.1:<port>
 *     consul.kv().put("graylane/config", "{}");
 * }
 * }</pre>
 */
public final class ConsulSimulator implements AutoCloseable {

    private final SimContext ctx;
    private final SimServer server;
    private final Nodes nodes;
    private final Services services;
    private final Kv kv;

    private ConsulSimulator(Builder b) {
        List<String> dcs = new ArrayList<>();
        dcs.add(b.datacenter);
        for (String dc : b.extraDatacenters) {
            if (!dcs.contains(dc)) {
                dcs.add(dc);
            }
        }
        Store store = new Store(b.datacenter, dcs, b.nodeName);
        TtlChecks ttl = new TtlChecks();
        ttl.bind(store, store.defaultDatacenter());
        Faults faults = new Faults(store);
        this.ctx = new SimContext(b.datacenter, b.nodeName, b.enterprise, store, faults, new Acl(b.aclMasterToken), ttl);
        this.server = new SimServer(ctx);
        faults.attach(server);
        this.nodes = new Nodes(ctx, b.datacenter);
        this.services = new Services(ctx, b.datacenter);
        this.kv = new Kv(ctx, b.datacenter, Datacenter.DEFAULT_NAMESPACE);
        try {
            server.start(b.port);
        } catch (RuntimeException e) {
            ttl.close();
            server.close();
            throw e;
        }
    }

    /** Starts a simulator for datacenter {@code dc1}, open source, ACLs off, on a free loopback port. */
    public static ConsulSimulator start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URI, {@code http://127.0.0.1:PORT}; the same after an outage and recovery. */
    public URI address() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.port();
    }

    /** The agent's (default) datacenter. */
    public String datacenter() {
        return ctx.datacenter();
    }

    /** Every datacenter this simulator serves, the default first. */
    public List<String> datacenters() {
        return ctx.store().datacenterNames();
    }

    public boolean enterprise() {
        return ctx.enterprise();
    }

    /** The current raft index of the default datacenter. */
    public long index() {
        return index(ctx.datacenter());
    }

    /** The current raft index of a datacenter. */
    public long index(String datacenter) {
        return ctx.store().read(() -> requireDatacenter(ctx, datacenter).raftIndex());
    }

    public Faults faults() {
        return ctx.faults();
    }

    public Acl acl() {
        return ctx.acl();
    }

    /** Nodes of the default datacenter ({@link Nodes#inDatacenter} for others). */
    public Nodes nodes() {
        return nodes;
    }

    /** Catalog registrations made directly from Java, on any node. */
    public Services services() {
        return services;
    }

    /** Direct KV access from Java, for seeding and asserting. */
    public Kv kv() {
        return kv;
    }

    /** Requests received whose path starts with {@code pathPrefix}, faulted and failed ones included. */
    public long requestCount(String pathPrefix) {
        return server.requestCount(pathPrefix);
    }

    public void resetRequestCounts() {
        server.resetRequestCounts();
    }

    /** Stops serving, ends waiting requests and frees the port and threads. Idempotent. */
    @Override
    public void close() {
        server.close();
        ctx.ttl().close();
    }

    @Override
    public String toString() {
        return "ConsulSimulator{" + address() + ", datacenter=" + datacenter() + (enterprise() ? ", enterprise" : "")
                + (acl().enabled() ? ", acl" : "") + "}";
    }

    static Datacenter requireDatacenter(SimContext ctx, String name) {
        Datacenter dc = ctx.store().datacenter(name);
        if (dc == null) {
            throw new IllegalArgumentException("datacenter: " + name + " (expected: one of " + ctx.store().datacenterNames() + ")");
        }
        return dc;
    }

    /** Configures a simulator; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private int port;
        private String datacenter = "dc1";
        private final List<String> extraDatacenters = new ArrayList<>();
        private boolean enterprise;
        private String aclMasterToken;
        private String nodeName = "sim-node";

        private Builder() {
        }

        /** The port to listen on; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
            }
            this.port = port;
            return this;
        }

        /** The agent's datacenter (default {@code dc1}). */
        public Builder datacenter(String name) {
            this.datacenter = requireName("datacenter", name);
            return this;
        }

        /** More datacenters reachable with {@code ?dc=}. */
        public Builder datacenters(String... names) {
            for (String n : names) {
                extraDatacenters.add(requireName("datacenters", n));
            }
            return this;
        }

        /** Enterprise mode: namespaces ({@code ?ns=}) work instead of answering 400. */
        public Builder enterprise(boolean enterprise) {
            this.enterprise = enterprise;
            return this;
        }

        /** Enables ACLs (default policy deny) with this master (bootstrap) token. */
        public Builder aclMasterToken(String token) {
            this.aclMasterToken = requireName("aclMasterToken", token);
            return this;
        }

        /** The agent's node name (default {@code sim-node}). */
        public Builder nodeName(String name) {
            this.nodeName = requireName("nodeName", name);
            return this;
        }

        /** Builds and starts the simulator (it is always running once built). */
        public ConsulSimulator build() {
            return new ConsulSimulator(this);
        }

        /** Same as {@link #build()}. */
        public ConsulSimulator start() {
            return build();
        }

        private static String requireName(String what, String value) {
            Objects.requireNonNull(value, what);
            if (value.isBlank()) {
                throw new IllegalArgumentException(what + ": \"" + value + "\" (expected: a non-empty name)");
            }
            return value;
        }
    }
}
