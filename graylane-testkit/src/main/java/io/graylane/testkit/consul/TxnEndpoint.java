package io.graylane.testkit.consul;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /v1/txn}: up to 128 KV operations applied all-or-nothing at one raft index. Applied → 200
 * {@code {"Results":[…],"Errors":null}}; rolled back → 409 {@code {"Results":null,"Errors":[…]}}.
 * Node, Service and Check operations and session verbs are not simulated.
 */
final class TxnEndpoint {

    static final int MAX_OPS = 128;

    private record Op(String verb, String key, byte[] value, long flags, long index, String namespace) { }

    private final SimContext ctx;

    TxnEndpoint(SimContext ctx) {
        this.ctx = ctx;
    }

    SimResponse handle(SimRequest req) {
        if (!req.method().equals("PUT")) {
            return Router.methodNotAllowed(req.method(), "PUT");
        }
        List<Op> ops = parse(req);
        boolean writes = ops.stream().anyMatch(op -> isWrite(op.verb()));
        QueryOptions o = writes ? QueryOptions.write(req, ctx) : QueryOptions.read(req, ctx);
        Authorizer authz = o.authorizer();
        Map<String, Object> reply = ctx.store().write(() -> apply(ops, o, authz));
        SimResponse r = SimResponse.json(reply.get("Errors") == null ? 200 : 409, reply, o.pretty());
        if (!writes) {
            r.header("X-Consul-KnownLeader", Boolean.toString(ctx.faults().leaderKnown()));
            r.header("X-Consul-LastContact", Long.toString(ctx.faults().lastContactMillis()));
        }
        return r;
    }

    private Map<String, Object> apply(List<Op> ops, QueryOptions o, Authorizer authz) {
        Datacenter dc = ctx.store().datacenter(o.datacenter());
        long idx = dc.raftIndex() + 1;
        Map<String, KvTable> scratch = new java.util.HashMap<>();
        List<Object> results = new ArrayList<>();
        List<Object> errors = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            String ns = op.namespace() != null ? op.namespace() : o.namespace();
            KvTable t = scratch.computeIfAbsent(ns, n -> dc.kv(n).copy());
            try {
                run(op, t, idx, authz, ns, results);
            } catch (ApiError e) {
                errors.add(Json.object("OpIndex", i, "What", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            return Json.object("Results", null, "Errors", errors);
        }
        if (ops.stream().anyMatch(op -> isWrite(op.verb()))) {
            scratch.forEach((ns, t) -> dc.kv(ns).replaceWith(t));
            dc.commitIndex(idx);
        }
        return Json.object("Results", results, "Errors", null);
    }

    private void run(Op op, KvTable t, long idx, Authorizer authz, String ns, List<Object> results) {
        String key = op.key();
        if (isWrite(op.verb()) || op.verb().equals("check-index") || op.verb().equals("check-not-exists")) {
            if (isWrite(op.verb()) && key.isEmpty() && !op.verb().equals("delete-tree")) {
                throw new ApiError(409, "Must provide key");
            }
            boolean ok = isWrite(op.verb()) ? authz.canWrite(Acl.Resource.KEY, key) : authz.canRead(Acl.Resource.KEY, key);
            if (!ok) {
                throw new ApiError(409, authz.denialMessage(Acl.Resource.KEY, key, isWrite(op.verb()) ? "write" : "read"));
            }
        }
        switch (op.verb()) {
            case "set" -> {
                t.set(key, op.value(), op.flags(), idx);
                results.add(result(t.get(key), false, ns));
            }
            case "cas" -> {
                if (!t.cas(key, op.value(), op.flags(), op.index(), idx)) {
                    throw new ApiError(409, "failed to set key \"" + key + "\", index is stale");
                }
                results.add(result(t.get(key), false, ns));
            }
            case "get" -> {
                KvEntry e = t.get(key);
                if (e == null) {
                    throw new ApiError(409, "key \"" + key + "\" doesn't exist");
                }
                if (authz.canRead(Acl.Resource.KEY, key)) {
                    results.add(result(e, true, ns));
                }
            }
            case "get-tree" -> {
                for (KvEntry e : t.list(key)) {
                    if (authz.canRead(Acl.Resource.KEY, e.key())) {
                        results.add(result(e, true, ns));
                    }
                }
            }
            case "check-index" -> {
                KvEntry e = t.get(key);
                if (e == null) {
                    throw new ApiError(409, "key \"" + key + "\" doesn't exist");
                }
                if (e.modifyIndex() != op.index()) {
                    throw new ApiError(409, "current modify index " + e.modifyIndex() + " != " + op.index());
                }
                results.add(result(e, false, ns));
            }
            case "check-not-exists" -> {
                if (t.get(key) != null) {
                    throw new ApiError(409, "key \"" + key + "\" exists");
                }
            }
            case "delete" -> t.delete(key, idx);
            case "delete-tree" -> t.deleteTree(key, idx);
            case "delete-cas" -> {
                if (!t.deleteCas(key, op.index(), idx)) {
                    throw new ApiError(409, "failed to delete key \"" + key + "\", index is stale");
                }
            }
            case "lock", "unlock", "check-session" ->
                    throw new ApiError(409, "invalid session \"\" (consul-sim does not simulate sessions)");
            default -> throw new ApiError(409, "unknown KV verb \"" + op.verb() + "\"");
        }
    }

    private Map<String, Object> result(KvEntry e, boolean withValue, String ns) {
        return Json.object("KV", Views.kv(e, withValue, ns, ctx.enterprise()));
    }

    private static boolean isWrite(String verb) {
        return switch (verb) {
            case "set", "cas", "delete", "delete-tree", "delete-cas", "lock", "unlock" -> true;
            default -> false;
        };
    }

    private List<Op> parse(SimRequest req) {
        JsonNode body = Json.read(req.body(), "Failed to parse body: ");
        if (!body.isArray()) {
            throw ApiError.badRequest("Failed to parse body: expected a JSON array of operations");
        }
        if (body.size() > MAX_OPS) {
            throw new ApiError(413, "Transaction contains too many operations (" + body.size() + " > " + MAX_OPS + ")");
        }
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode kv = Json.field(body.get(i), "KV");
            if (kv == null) {
                throw ApiError.badRequest("Failed to parse body: operation " + i
                        + " is not a KV operation (consul-sim simulates only KV operations in transactions)");
            }
            String key = Json.text(kv, "Key", "");
            byte[] value = decodeValue(Json.field(kv, "Value"));
            if (value.length > KvEndpoint.MAX_VALUE_SIZE) {
                throw new ApiError(413, "Value for key \"" + key + "\" is too large (" + value.length + " > "
                        + KvEndpoint.MAX_VALUE_SIZE + " bytes)");
            }
            JsonNode flags = Json.field(kv, "Flags");
            JsonNode index = Json.field(kv, "Index");
            String ns = ctx.enterprise() ? Json.text(kv, "Namespace", null) : null;
            ops.add(new Op(Json.text(kv, "Verb", ""), key, value, flags == null ? 0 : flags.asLong(),
                    index == null ? 0 : index.asLong(), ns == null || ns.isEmpty() ? null : ns));
        }
        return ops;
    }

    private static byte[] decodeValue(JsonNode value) {
        if (value == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("Failed to parse body: failed to decode value: " + e.getMessage());
        }
    }
}
