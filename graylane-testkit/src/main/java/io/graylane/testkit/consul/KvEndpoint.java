package io.graylane.testkit.consul;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /v1/kv/:key}: GET (single, {@code recurse}, {@code keys}, {@code raw}), PUT ({@code cas}, {@code flags})
 * and DELETE ({@code recurse}, {@code cas}). Sessions ({@code acquire}/{@code release}) are not simulated.
 */
final class KvEndpoint {

    static final int MAX_VALUE_SIZE = 512 * 1024;

    private final SimContext ctx;

    KvEndpoint(SimContext ctx) {
        this.ctx = ctx;
    }

    SimResponse handle(SimRequest req, String key) {
        return switch (req.method()) {
            case "GET" -> req.has("keys") ? keys(req, key) : get(req, key);
            case "PUT" -> put(req, key);
            case "DELETE" -> delete(req, key);
            default -> Router.methodNotAllowed(req.method(), "GET, PUT, DELETE");
        };
    }

    private SimResponse get(SimRequest req, String key) {
        QueryOptions o = QueryOptions.read(req, ctx);
        boolean recurse = req.has("recurse");
        if (!recurse && key.isEmpty()) {
            throw ApiError.badRequest("Missing key name");
        }
        Authorizer authz = o.authorizer();
        if (!recurse) {
            authz.requireRead(Acl.Resource.KEY, key);
        }
        String ns = o.namespace();
        Snapshot<List<KvEntry>> s = Blocking.byIndex(ctx, o.minIndex(), o.waitTime(), () -> {
            KvTable table = ctx.store().datacenter(o.datacenter()).kv(ns);
            if (recurse) {
                List<KvEntry> all = table.list(key);
                List<KvEntry> visible = all.stream().filter(e -> authz.canRead(Acl.Resource.KEY, e.key())).toList();
                return Snapshot.of(visible, table.prefixIndex(key), visible.size() != all.size());
            }
            // A single key reports the table's max index but wakes only when this key changes.
            KvEntry e = table.get(key);
            return new Snapshot<>(e == null ? List.of() : List.of(e), table.tableIndex(), table.keyMarker(key), false);
        });
        if (s.body().isEmpty()) {
            return filtered(o.withMeta(SimResponse.empty(404), s.index(), ctx), s);
        }
        if (!recurse && req.has("raw")) {
            return o.withMeta(SimResponse.raw(200, s.body().get(0).value(), "text/plain"), s.index(), ctx)
                    .header("X-Content-Type-Options", "nosniff");
        }
        List<Object> out = new ArrayList<>();
        for (KvEntry e : s.body()) {
            out.add(Views.kv(e, true, ns, ctx.enterprise()));
        }
        return filtered(o.withMeta(SimResponse.json(out, o.pretty()), s.index(), ctx), s);
    }

    private SimResponse keys(SimRequest req, String prefix) {
        QueryOptions o = QueryOptions.read(req, ctx);
        String separator = req.has("separator") ? req.param("separator")
                : req.has("seperator") ? req.param("seperator") : "";
        Authorizer authz = o.authorizer();
        String ns = o.namespace();
        Snapshot<List<String>> s = Blocking.byIndex(ctx, o.minIndex(), o.waitTime(), () -> {
            KvTable table = ctx.store().datacenter(o.datacenter()).kv(ns);
            List<String> keys = new ArrayList<>();
            boolean filtered = false;
            String previous = null;
            for (KvEntry e : table.list(prefix)) {
                if (!authz.canRead(Acl.Resource.KEY, e.key())) {
                    filtered = true;
                    continue;
                }
                String k = e.key();
                int at = separator.isEmpty() ? -1 : k.indexOf(separator, prefix.length());
                if (at >= 0) {
                    k = k.substring(0, at + separator.length());
                }
                if (!k.equals(previous)) {
                    keys.add(k);
                    previous = k;
                }
            }
            return Snapshot.of(keys, table.prefixIndex(prefix), filtered);
        });
        if (s.body().isEmpty() && !prefix.isEmpty()) {
            return filtered(o.withMeta(SimResponse.empty(404), s.index(), ctx), s);
        }
        return filtered(o.withMeta(SimResponse.json(s.body(), o.pretty()), s.index(), ctx), s);
    }

    private SimResponse put(SimRequest req, String key) {
        QueryOptions o = QueryOptions.write(req, ctx);
        if (key.isEmpty()) {
            throw ApiError.badRequest("Missing key name");
        }
        conflictingFlags(req, "cas", "acquire", "release");
        o.authorizer().requireWrite(Acl.Resource.KEY, key);
        long flags = Params.unsigned(req, "flags", 0);
        boolean cas = req.has("cas");
        long casIndex = Params.unsigned(req, "cas", 0);
        for (String lockFlag : List.of("acquire", "release")) {
            if (req.has(lockFlag)) {
                // No session can exist in the simulator, so every lock operation fails as Consul's would.
                throw ApiError.internal("invalid session \"" + req.param(lockFlag) + "\"");
            }
        }
        byte[] value = req.body();
        if (value.length > MAX_VALUE_SIZE) {
            throw new ApiError(413, "Request body(" + value.length + " bytes) too large, max size: " + MAX_VALUE_SIZE
                    + " bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
        }
        boolean ok = ctx.store().write(() -> {
            Datacenter dc = ctx.store().datacenter(o.datacenter());
            KvTable table = dc.kv(o.namespace());
            long idx = dc.raftIndex() + 1;
            boolean applied;
            if (cas) {
                applied = table.cas(key, value, flags, casIndex, idx);
            } else {
                table.set(key, value, flags, idx);
                applied = true;
            }
            if (applied) {
                dc.commitIndex(idx);
            }
            return applied;
        });
        return SimResponse.json(ok, o.pretty());
    }

    private SimResponse delete(SimRequest req, String key) {
        QueryOptions o = QueryOptions.write(req, ctx);
        conflictingFlags(req, "recurse", "cas");
        boolean recurse = req.has("recurse");
        if (!recurse && key.isEmpty()) {
            throw ApiError.badRequest("Missing key name");
        }
        o.authorizer().requireWrite(Acl.Resource.KEY, key);
        boolean cas = req.has("cas");
        long casIndex = Params.unsigned(req, "cas", 0);
        boolean ok = ctx.store().write(() -> {
            Datacenter dc = ctx.store().datacenter(o.datacenter());
            KvTable table = dc.kv(o.namespace());
            long idx = dc.raftIndex() + 1;
            boolean result;
            boolean changed;
            if (recurse) {
                changed = table.deleteTree(key, idx) > 0;
                result = true;
            } else if (cas) {
                boolean existed = table.get(key) != null;
                result = table.deleteCas(key, casIndex, idx);
                changed = result && existed;
            } else {
                changed = table.delete(key, idx);
                result = true;
            }
            if (changed) {
                dc.commitIndex(idx);
            }
            return result;
        });
        return SimResponse.json(ok, o.pretty());
    }

    private static void conflictingFlags(SimRequest req, String... flags) {
        int found = 0;
        for (String f : flags) {
            if (req.has(f)) {
                found++;
            }
        }
        if (found > 1) {
            throw ApiError.badRequest("Conflicting flags: " + encodeSorted(req) + "\n");
        }
    }

    private static String encodeSorted(SimRequest req) {
        Map<String, String> sorted = new TreeMap<>();
        for (String pair : req.rawQuery().split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                sorted.put(k, req.param(k));
            }
        }
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    private static SimResponse filtered(SimResponse r, Snapshot<?> s) {
        return s.filteredByAcl() ? r.header("X-Consul-Results-Filtered-By-ACLs", "true") : r;
    }
}
