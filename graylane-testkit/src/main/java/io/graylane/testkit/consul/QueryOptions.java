package io.graylane.testkit.consul;

import java.time.Duration;

/**
 * The common part of a request, validated in Consul's order: consistency flags, {@code wait}/{@code index},
 * namespace/partition, datacenter, leader, then the ACL token. Immutable.
 */
final class QueryOptions {

    enum Mode { DEFAULT, STALE, CONSISTENT }

    private final String datacenter;
    private final String namespace;
    private final long minIndex;
    private final Duration wait;
    private final Mode mode;
    private final Authorizer authorizer;
    private final boolean pretty;

    private QueryOptions(String datacenter, String namespace, long minIndex, Duration wait, Mode mode,
                         Authorizer authorizer, boolean pretty) {
        this.datacenter = datacenter;
        this.namespace = namespace;
        this.minIndex = minIndex;
        this.wait = wait;
        this.mode = mode;
        this.authorizer = authorizer;
        this.pretty = pretty;
    }

    /** For reads served by the servers (health, catalog, KV): may block, may answer without a leader when stale. */
    static QueryOptions read(SimRequest req, SimContext ctx) {
        boolean stale = req.has("stale");
        boolean consistent = req.has("consistent");
        if (stale && consistent) {
            throw ApiError.badRequest("Cannot specify ?stale with ?consistent, conflicting semantics.");
        }
        Duration wait = null;
        String waitText = req.param("wait");
        if (waitText != null && !waitText.isEmpty()) {
            try {
                wait = GoDuration.parse(waitText);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("Invalid wait time");
            }
        }
        long index = 0;
        String indexText = req.param("index");
        if (indexText != null && !indexText.isEmpty()) {
            index = parseUnsigned(indexText, "Invalid index");
        }
        String ns = namespace(req, ctx);
        String dc = datacenter(req, ctx);
        Mode mode = stale ? Mode.STALE : consistent ? Mode.CONSISTENT : Mode.DEFAULT;
        if (mode != Mode.STALE && !ctx.faults().leaderKnown()) {
            throw ApiError.internal("No cluster leader");
        }
        Authorizer authz = ctx.acl().resolve(req.token());
        return new QueryOptions(dc, ns, index, wait, mode, authz, req.pretty());
    }

    /** For raft writes (KV, txn): need a leader. */
    static QueryOptions write(SimRequest req, SimContext ctx) {
        String ns = namespace(req, ctx);
        String dc = datacenter(req, ctx);
        if (!ctx.faults().leaderKnown()) {
            throw ApiError.internal("No cluster leader");
        }
        return new QueryOptions(dc, ns, 0, null, Mode.DEFAULT, ctx.acl().resolve(req.token()), req.pretty());
    }

    /** For agent-local endpoints: no datacenter, no leader; namespace and token only. */
    static QueryOptions agent(SimRequest req, SimContext ctx) {
        String ns = namespace(req, ctx);
        Duration wait = null;
        String waitText = req.param("wait");
        if (waitText != null && !waitText.isEmpty()) {
            try {
                wait = GoDuration.parse(waitText);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("Invalid wait time");
            }
        }
        return new QueryOptions(ctx.datacenter(), ns, 0, wait, Mode.DEFAULT, ctx.acl().resolve(req.token()),
                req.pretty());
    }

    /** Enterprise-only parameters: OSS rejects any non-empty value, even {@code default}. */
    static String namespace(SimRequest req, SimContext ctx) {
        String ns = req.param("ns");
        String nsHeader = req.header("X-Consul-Namespace");
        String partition = req.param("partition");
        String partitionHeader = req.header("X-Consul-Partition");
        if (!ctx.enterprise()) {
            if (nsHeader != null && !nsHeader.isEmpty()) {
                throw ApiError.badRequest("Invalid header: \"X-Consul-Namespace\" - Namespaces are a Consul Enterprise feature");
            }
            if (ns != null && !ns.isEmpty()) {
                throw ApiError.badRequest("Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise feature");
            }
            if (partitionHeader != null && !partitionHeader.isEmpty()) {
                throw ApiError.badRequest("Invalid header: \"X-Consul-Partition\" - Partitions are a Consul Enterprise feature");
            }
            if (partition != null && !partition.isEmpty()) {
                throw ApiError.badRequest("Invalid query parameter: \"partition\" - Partitions are a Consul Enterprise feature");
            }
            return Datacenter.DEFAULT_NAMESPACE;
        }
        String p = partition != null && !partition.isEmpty() ? partition : partitionHeader;
        if (p != null && !p.isEmpty() && !p.equals("default")) {
            throw ApiError.badRequest("Partition \"" + p + "\" does not exist (consul-sim serves only the default partition)");
        }
        if (ns != null && !ns.isEmpty()) {
            return ns;
        }
        return nsHeader != null && !nsHeader.isEmpty() ? nsHeader : null;
    }

    private static String datacenter(SimRequest req, SimContext ctx) {
        String dc = req.param("dc");
        if (dc == null || dc.isEmpty()) {
            return ctx.datacenter();
        }
        if (!ctx.store().datacenterNames().contains(dc)) {
            throw ApiError.internal("No path to datacenter");
        }
        return dc;
    }

    static long parseUnsigned(String text, String error) {
        try {
            long v = Long.parseUnsignedLong(text);
            if (v < 0) {
                throw ApiError.badRequest(error);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(error);
        }
    }

    String datacenter() {
        return datacenter;
    }

    /** The namespace asked for, {@code default} when none (null only in Enterprise mode before defaulting). */
    String namespace() {
        return namespace == null ? Datacenter.DEFAULT_NAMESPACE : namespace;
    }

    /** The namespace explicitly named by the request (Enterprise), or null. */
    String explicitNamespace() {
        return namespace;
    }

    long minIndex() {
        return minIndex;
    }

    Duration waitTime() {
        return wait;
    }

    Mode mode() {
        return mode;
    }

    Authorizer authorizer() {
        return authorizer;
    }

    boolean pretty() {
        return pretty;
    }

    /** Adds X-Consul-Index (floor 1), X-Consul-KnownLeader and X-Consul-LastContact to a read answer. */
    SimResponse withMeta(SimResponse response, long index, SimContext ctx) {
        response.header("X-Consul-Index", Long.toString(Math.max(1, index)));
        response.header("X-Consul-KnownLeader", Boolean.toString(ctx.faults().leaderKnown()));
        response.header("X-Consul-LastContact", Long.toString(ctx.faults().lastContactMillis()));
        response.header("X-Consul-Effective-Consistency", switch (mode) {
            case STALE -> "stale";
            case CONSISTENT -> "consistent";
            case DEFAULT -> "leader";
        });
        return response;
    }
}
