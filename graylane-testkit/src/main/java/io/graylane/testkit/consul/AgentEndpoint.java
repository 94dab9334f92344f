package io.graylane.testkit.consul;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent-local endpoints of the simulator's own node: service register/deregister (see
 * {@link AgentRegistration}), TTL check updates, maintenance, and {@code /v1/agent/services} and
 * {@code /v1/agent/service/:id}, which block on {@code ?hash=} and answer {@code X-Consul-ContentHash}
 * (agent endpoints carry no {@code X-Consul-Index}, as in Consul).
 */
final class AgentEndpoint {

    private final SimContext ctx;
    private final AgentRegistration registration;

    AgentEndpoint(SimContext ctx) {
        this.ctx = ctx;
        this.registration = new AgentRegistration(ctx);
    }

    SimResponse register(SimRequest req) {
        requirePut(req);
        registration.register(req, QueryOptions.agent(req, ctx));
        return SimResponse.empty(200);
    }

    SimResponse deregister(SimRequest req, String id) {
        requirePut(req);
        registration.deregister(QueryOptions.agent(req, ctx), id);
        return SimResponse.empty(200);
    }

    /** {@code /v1/agent/check/pass|warn|fail/:id?note=}: TTL checks only; resets the TTL clock. */
    SimResponse updateTtl(SimRequest req, String status, String checkId) {
        requirePut(req);
        String note = req.param("note");
        registration.updateTtl(QueryOptions.agent(req, ctx), checkId, status, note == null ? "" : note);
        return SimResponse.empty(200);
    }

    /** {@code /v1/agent/check/update/:id} with a JSON body {@code {"Status":…,"Output":…}}. */
    SimResponse updateCheck(SimRequest req, String checkId) {
        requirePut(req);
        QueryOptions o = QueryOptions.agent(req, ctx);
        JsonNode body = Json.read(req.body(), "Request decode failed: ");
        String status = Json.text(body, "Status", "");
        if (!CheckRecord.validStatus(status)) {
            throw ApiError.badRequest("Invalid check status: \"" + status + "\"");
        }
        registration.updateTtl(o, checkId, status, Json.text(body, "Output", ""));
        return SimResponse.empty(200);
    }

    SimResponse nodeMaintenance(SimRequest req) {
        requirePut(req);
        registration.nodeMaintenance(QueryOptions.agent(req, ctx), enable(req), req.param("reason"));
        return SimResponse.empty(200);
    }

    SimResponse serviceMaintenance(SimRequest req, String id) {
        requirePut(req);
        registration.serviceMaintenance(QueryOptions.agent(req, ctx), id, enable(req), req.param("reason"));
        return SimResponse.empty(200);
    }

    SimResponse services(SimRequest req) {
        requireGet(req);
        QueryOptions o = QueryOptions.agent(req, ctx);
        FilterExpression filter = Params.filter(req, FilterSchema.AGENT_SERVICE);
        Hashed result = Blocking.byHash(ctx, req.param("hash"), o.waitTime(), () -> {
            Catalog catalog = ctx.store().defaultDatacenter().catalog();
            Map<String, Object> out = new TreeMap<>();
            for (ServiceRecord s : catalog.servicesOnNode(ctx.nodeName())) {
                if (s.id().equals("consul") || !s.namespace().equals(o.namespace())
                        || !o.authorizer().canRead(Acl.Resource.SERVICE, s.name())) {
                    continue;
                }
                Map<String, Object> view = Views.agentService(s, ctx.datacenter(), ctx.enterprise());
                if (filter == null || filter.test(view)) {
                    out.put(s.id(), view);
                }
            }
            return Hashed.of(out, o.pretty());
        }, Hashed::hash);
        return result.response();
    }

    SimResponse service(SimRequest req, String id) {
        requireGet(req);
        QueryOptions o = QueryOptions.agent(req, ctx);
        Hashed result = Blocking.byHash(ctx, req.param("hash"), o.waitTime(), () -> {
            ServiceRecord s = ctx.store().defaultDatacenter().catalog().service(ctx.nodeName(), o.namespace(), id);
            if (s == null) {
                return new Hashed(null, "", null);
            }
            Map<String, Object> view = Views.agentService(s, ctx.datacenter(), ctx.enterprise());
            Hashed h = Hashed.of(view, o.pretty());
            view.put("ContentHash", h.hash());
            return Hashed.of(view, o.pretty()).withHash(h.hash());
        }, Hashed::hash);
        if (result.body() == null) {
            throw ApiError.notFound("unknown service ID: " + id);
        }
        @SuppressWarnings("unchecked")
        String name = (String) ((Map<String, Object>) result.view()).get("Service");
        o.authorizer().requireRead(Acl.Resource.SERVICE, name);
        return result.response();
    }

    SimResponse checks(SimRequest req) {
        requireGet(req);
        QueryOptions o = QueryOptions.agent(req, ctx);
        Map<String, Object> out = ctx.store().read(() -> {
            Catalog catalog = ctx.store().defaultDatacenter().catalog();
            Map<String, Object> checks = new TreeMap<>();
            for (CheckRecord c : catalog.checksOnNode(ctx.nodeName())) {
                Map<String, Object> view = Views.check(c, catalog, ctx.enterprise());
                if (c.checkId().equals("serfHealth") || (!c.isNodeCheck()
                        && !o.authorizer().canRead(Acl.Resource.SERVICE, (String) view.get("ServiceName")))) {
                    continue;
                }
                view.remove("CreateIndex");
                view.remove("ModifyIndex");
                checks.put(c.checkId(), view);
            }
            return checks;
        });
        return SimResponse.json(out, o.pretty());
    }

    SimResponse self(SimRequest req) {
        requireGet(req);
        QueryOptions.agent(req, ctx);
        Map<String, Object> config = Json.object(
                "Datacenter", ctx.datacenter(),
                "NodeName", ctx.nodeName(),
                "NodeID", NodeRecord.idFor(ctx.datacenter(), ctx.nodeName()),
                "Server", true,
                "Revision", "consul-sim",
                "Version", ctx.enterprise() ? "1.21.0+ent" : "1.21.0");
        Map<String, Object> member = Json.object("Name", ctx.nodeName(), "Addr", "127.0.0.1", "Port", 8301,
                "Tags", Json.object("dc", ctx.datacenter(), "role", "consul"), "Status", 1);
        return SimResponse.json(Json.object("Config", config, "Member", member, "Meta", Map.of()), req.pretty());
    }

    private static Boolean enable(SimRequest req) {
        String v = req.param("enable");
        if (v == null || v.isEmpty()) {
            throw ApiError.badRequest("Missing value for enable");
        }
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw ApiError.badRequest("Invalid value for enable: \"" + v + "\"");
        };
    }

    private static void requirePut(SimRequest req) {
        if (!req.method().equals("PUT")) {
            throw new ApiError(405, "method " + req.method() + " not allowed");
        }
    }

    private static void requireGet(SimRequest req) {
        if (!req.method().equals("GET")) {
            throw new ApiError(405, "method " + req.method() + " not allowed");
        }
    }

    /** An agent answer and its content hash (hex of the first 8 bytes of the body's SHA-256). */
    record Hashed(byte[] body, String hash, Object view) {

        static Hashed of(Object view, boolean pretty) {
            byte[] body = Json.write(view, pretty);
            return new Hashed(body, hashOf(Json.write(view, false)), view);
        }

        Hashed withHash(String h) {
            return new Hashed(body, h, view);
        }

        SimResponse response() {
            return SimResponse.raw(200, body, "application/json").header("X-Consul-ContentHash", hash);
        }

        private static String hashOf(byte[] bytes) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
                return HexFormat.of().formatHex(d, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
