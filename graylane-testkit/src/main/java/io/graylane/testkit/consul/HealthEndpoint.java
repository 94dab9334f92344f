package io.graylane.testkit.consul;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code /v1/health/service/:svc} and the catalog reads ({@code services}, {@code service/:svc},
 * {@code datacenters}, {@code nodes}). Tags, node-meta, the filter and ACL filtering run inside the query;
 * {@code passing} runs after it, so the index ignores it, as in Consul.
 */
final class HealthEndpoint {

    private final SimContext ctx;

    HealthEndpoint(SimContext ctx) {
        this.ctx = ctx;
    }

    SimResponse healthService(SimRequest req, String name) {
        requireGet(req);
        QueryOptions o = QueryOptions.read(req, ctx);
        if (name.isEmpty()) {
            throw ApiError.badRequest("Missing service name");
        }
        boolean passing = Params.bool(req, "passing");
        FilterExpression filter = Params.filter(req, FilterSchema.HEALTH_ENTRY);
        List<String> tags = req.params("tag");
        Map<String, String> nodeMeta = Params.nodeMeta(req);
        Authorizer authz = o.authorizer();
        Snapshot<List<Map<String, Object>>> s = Blocking.byIndex(ctx, o.minIndex(), o.waitTime(), () -> {
            Catalog catalog = ctx.store().datacenter(o.datacenter()).catalog();
            long index = catalog.serviceQueryIndex(o.namespace(), name);
            if (!authz.canRead(Acl.Resource.SERVICE, name)) {
                return Snapshot.of(List.of(), index, !catalog.instances(o.namespace(), name).isEmpty());
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (ServiceRecord svc : catalog.instances(o.namespace(), name)) {
                NodeRecord node = catalog.node(svc.node());
                if (hasAllTags(svc, tags) && matchesMeta(node, nodeMeta)) {
                    Map<String, Object> entry = Views.healthEntry(catalog, svc, o.datacenter(), ctx.enterprise());
                    if (filter == null || filter.test(entry)) {
                        out.add(entry);
                    }
                }
            }
            return Snapshot.of(out, index);
        });
        List<Map<String, Object>> entries = s.body();
        if (passing) {
            entries = entries.stream().filter(HealthEndpoint::allChecksPassing).toList();
        }
        return filtered(o.withMeta(SimResponse.json(entries, o.pretty()), s.index(), ctx), s);
    }

    SimResponse catalogServices(SimRequest req) {
        requireGet(req);
        QueryOptions o = QueryOptions.read(req, ctx);
        Map<String, String> nodeMeta = Params.nodeMeta(req);
        Authorizer authz = o.authorizer();
        Snapshot<Map<String, List<String>>> s = Blocking.byIndex(ctx, o.minIndex(), o.waitTime(), () -> {
            Catalog catalog = ctx.store().datacenter(o.datacenter()).catalog();
            Map<String, TreeSet<String>> tags = new TreeMap<>();
            boolean filtered = false;
            for (ServiceRecord svc : catalog.services()) {
                if (!svc.namespace().equals(o.namespace()) || !matchesMeta(catalog.node(svc.node()), nodeMeta)) {
                    continue;
                }
                if (!authz.canRead(Acl.Resource.SERVICE, svc.name())) {
                    filtered = true;
                    continue;
                }
                tags.computeIfAbsent(svc.name(), k -> new TreeSet<>()).addAll(svc.tags());
            }
            Map<String, List<String>> out = new TreeMap<>();
            tags.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
            return Snapshot.of(out, catalog.servicesListIndex(), filtered);
        });
        return filtered(o.withMeta(SimResponse.json(s.body(), o.pretty()), s.index(), ctx), s);
    }

    SimResponse catalogService(SimRequest req, String name) {
        requireGet(req);
        QueryOptions o = QueryOptions.read(req, ctx);
        if (name.isEmpty()) {
            throw ApiError.badRequest("Missing service name");
        }
        FilterExpression filter = Params.filter(req, FilterSchema.CATALOG_SERVICE_NODE);
        List<String> tags = req.params("tag");
        Map<String, String> nodeMeta = Params.nodeMeta(req);
        Authorizer authz = o.authorizer();
        Snapshot<List<Map<String, Object>>> s = Blocking.byIndex(ctx, o.minIndex(), o.waitTime(), () -> {
            Catalog catalog = ctx.store().datacenter(o.datacenter()).catalog();
            long index = catalog.serviceQueryIndex(o.namespace(), name);
            List<Map<String, Object>> out = new ArrayList<>();
            if (!authz.canRead(Acl.Resource.SERVICE, name)) {
                return Snapshot.of(out, index, !catalog.instances(o.namespace(), name).isEmpty());
            }
            for (ServiceRecord svc : catalog.instances(o.namespace(), name)) {
                NodeRecord node = catalog.node(svc.node());
                if (hasAllTags(svc, tags) && matchesMeta(node, nodeMeta)) {
                    Map<String, Object> entry = Views.catalogServiceNode(node, svc, o.datacenter(), ctx.enterprise());
                    if (filter == null || filter.test(entry)) {
                        out.add(entry);
                    }
                }
            }
            return Snapshot.of(out, index);
        });
        return filtered(o.withMeta(SimResponse.json(s.body(), o.pretty()), s.index(), ctx), s);
    }

    SimResponse catalogNodes(SimRequest req) {
        requireGet(req);
        QueryOptions o = QueryOptions.read(req, ctx);
        Snapshot<List<Map<String, Object>>> s = Blocking.byIndex(ctx, o.minIndex(), o.waitTime(), () -> {
            Catalog catalog = ctx.store().datacenter(o.datacenter()).catalog();
            List<Map<String, Object>> out = new ArrayList<>();
            for (NodeRecord n : catalog.nodes()) {
                out.add(Views.node(n, o.datacenter()));
            }
            return Snapshot.of(out, catalog.nodesListIndex());
        });
        return o.withMeta(SimResponse.json(s.body(), o.pretty()), s.index(), ctx);
    }

    SimResponse catalogDatacenters(SimRequest req) {
        requireGet(req);
        return SimResponse.json(ctx.store().datacenterNames().stream().sorted().toList(), req.pretty());
    }

    /** Consul matches tags case-insensitively; every requested tag must be present. */
    private static boolean hasAllTags(ServiceRecord svc, List<String> tags) {
        for (String wanted : tags) {
            boolean found = false;
            for (String t : svc.tags()) {
                if (t.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesMeta(NodeRecord node, Map<String, String> wanted) {
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (node == null || !e.getValue().equals(node.meta().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static boolean allChecksPassing(Map<String, Object> entry) {
        for (Object c : (List<Object>) entry.get("Checks")) {
            if (!CheckRecord.PASSING.equals(((Map<String, Object>) c).get("Status"))) {
                return false;
            }
        }
        return true;
    }

    private static void requireGet(SimRequest req) {
        if (!req.method().equals("GET")) {
            throw new ApiError(405, "method " + req.method() + " not allowed");
        }
    }

    private static SimResponse filtered(SimResponse r, Snapshot<?> s) {
        return s.filteredByAcl() ? r.header("X-Consul-Results-Filtered-By-ACLs", "true") : r;
    }
}
