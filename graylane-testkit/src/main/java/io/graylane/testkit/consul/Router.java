package io.graylane.testkit.consul;

import java.util.function.BiFunction;

/** Maps a request path onto the endpoint that serves it. Stateless once built. */
final class Router {

    private final KvEndpoint kv;
    private final TxnEndpoint txn;
    private final HealthEndpoint health;
    private final AgentEndpoint agent;
    private final SimContext ctx;

    Router(SimContext ctx) {
        this.ctx = ctx;
        this.kv = new KvEndpoint(ctx);
        this.txn = new TxnEndpoint(ctx);
        this.health = new HealthEndpoint(ctx);
        this.agent = new AgentEndpoint(ctx);
    }

    SimResponse route(SimRequest req) {
        String p = req.path();
        SimResponse r;
        if ((r = prefix(req, p, "/v1/kv/", kv::handle)) != null
                || (r = prefix(req, p, "/v1/health/service/", health::healthService)) != null
                || (r = prefix(req, p, "/v1/catalog/service/", health::catalogService)) != null
                || (r = prefix(req, p, "/v1/agent/service/deregister/", agent::deregister)) != null
                || (r = prefix(req, p, "/v1/agent/service/maintenance/", agent::serviceMaintenance)) != null
                || (r = prefix(req, p, "/v1/agent/check/pass/", (q, id) -> agent.updateTtl(q, CheckRecord.PASSING, id))) != null
                || (r = prefix(req, p, "/v1/agent/check/warn/", (q, id) -> agent.updateTtl(q, CheckRecord.WARNING, id))) != null
                || (r = prefix(req, p, "/v1/agent/check/fail/", (q, id) -> agent.updateTtl(q, CheckRecord.CRITICAL, id))) != null
                || (r = prefix(req, p, "/v1/agent/check/update/", agent::updateCheck)) != null) {
            return r;
        }
        return switch (p) {
            case "/v1/txn" -> txn.handle(req);
            case "/v1/catalog/services" -> health.catalogServices(req);
            case "/v1/catalog/nodes" -> health.catalogNodes(req);
            case "/v1/catalog/datacenters" -> health.catalogDatacenters(req);
            case "/v1/agent/service/register" -> agent.register(req);
            case "/v1/agent/maintenance" -> agent.nodeMaintenance(req);
            case "/v1/agent/services" -> agent.services(req);
            case "/v1/agent/checks" -> agent.checks(req);
            case "/v1/agent/self" -> agent.self(req);
            case "/v1/status/leader" -> SimResponse.json(ctx.faults().leaderKnown() ? "127.0.0.1:8300" : "", false);
            case "/v1/status/peers" -> SimResponse.json(java.util.List.of("127.0.0.1:8300"), false);
            case "/" -> SimResponse.text(200, "Consul Agent (consul-sim)");
            default -> p.startsWith("/v1/agent/service/") && !p.equals("/v1/agent/service/")
                    ? agent.service(req, p.substring("/v1/agent/service/".length()))
                    : SimResponse.text(404, "404 page not found\n");
        };
    }

    private static SimResponse prefix(SimRequest req, String path, String prefix,
                                      BiFunction<SimRequest, String, SimResponse> handler) {
        return path.startsWith(prefix) ? handler.apply(req, path.substring(prefix.length())) : null;
    }

    static SimResponse methodNotAllowed(String method, String allowed) {
        return SimResponse.text(405, "method " + method + " not allowed").header("Allow", allowed);
    }
}
