package io.graylane.testkit.consul;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the agent does with service registrations and check updates on its own node. TTL checks get the
 * IDs {@code service:<id>} (or {@code service:<id>:<n>} when there are several), start {@code critical}
 * unless {@code Status} is given, and expire on their own. Other check kinds (HTTP, TCP, …) are never run:
 * they keep the {@code Status} they were registered with (default {@code critical}).
 */
final class AgentRegistration {

    private static final List<String> STATIC_CHECK_KINDS = List.of("HTTP", "TCP", "GRPC", "Args", "ScriptArgs",
            "DockerContainerID", "AliasService", "AliasNode", "H2PING", "UDP", "OSService");

    private final SimContext ctx;

    AgentRegistration(SimContext ctx) {
        this.ctx = ctx;
    }

    void register(SimRequest req, QueryOptions o) {
        JsonNode body = Json.read(req.body(), "Request decode failed: ");
        if (!body.isObject()) {
            throw ApiError.badRequest("Request decode failed: expected a JSON object");
        }
        String name = Json.text(body, "Name", "");
        if (name.isEmpty()) {
            throw ApiError.badRequest("Missing service name");
        }
        String id = Json.text(body, "ID", "");
        if (id.isEmpty()) {
            id = name;
        }
        String ns = Datacenter.DEFAULT_NAMESPACE;
        if (ctx.enterprise()) {
            String fromBody = Json.text(body, "Namespace", "");
            ns = o.explicitNamespace() != null ? o.explicitNamespace() : fromBody.isEmpty() ? ns : fromBody;
        }
        o.authorizer().requireWrite(Acl.Resource.SERVICE, name);
        List<String> tags = new ArrayList<>();
        JsonNode tagsNode = Json.field(body, "Tags");
        if (tagsNode != null) {
            tagsNode.forEach(t -> tags.add(t.asText()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode metaNode = Json.field(body, "Meta");
        if (metaNode != null) {
            metaNode.properties().forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
        }
        int passing = 1;
        int warning = 1;
        JsonNode weights = Json.field(body, "Weights");
        if (weights != null) {
            passing = Json.field(weights, "Passing") == null ? 1 : Json.field(weights, "Passing").asInt();
            warning = Json.field(weights, "Warning") == null ? 1 : Json.field(weights, "Warning").asInt();
            if (passing < 1) {
                throw ApiError.badRequest("Invalid Weights: Passing must be greater than 0");
            }
            if (warning < 0) {
                throw ApiError.badRequest("Invalid Weights: Warning must be greater than or equal to 0");
            }
        }
        JsonNode port = Json.field(body, "Port");
        JsonNode eto = Json.field(body, "EnableTagOverride");
        ServiceRecord service = new ServiceRecord(ctx.nodeName(), ns, id, name, tags, Json.text(body, "Address", ""),
                port == null ? 0 : port.asInt(), meta, passing, warning, eto != null && eto.asBoolean(), 0, 0);
        List<JsonNode> defs = new ArrayList<>();
        JsonNode check = Json.field(body, "Check");
        if (check != null) {
            defs.add(check);
        }
        JsonNode checks = Json.field(body, "Checks");
        if (checks != null) {
            checks.forEach(defs::add);
        }
        List<CheckRecord> records = new ArrayList<>();
        for (int i = 0; i < defs.size(); i++) {
            String defaultId = defs.size() > 1 ? "service:" + id + ":" + (i + 1) : "service:" + id;
            records.add(checkFrom(defs.get(i), defaultId, service));
        }
        ctx.store().write(() -> apply(service, records));
    }

    private void apply(ServiceRecord service, List<CheckRecord> checks) {
        Catalog catalog = ctx.store().defaultDatacenter().catalog();
        catalog.upsertService(service);
        Set<String> keep = new HashSet<>();
        for (CheckRecord c : checks) {
            keep.add(c.checkId());
            CheckRecord old = catalog.check(c.key());
            // Re-registering keeps a check's last status unless the definition sets one.
            CheckRecord next = old != null && c.status() == null ? c.withStatus(old.status(), old.output())
                    : c.status() == null ? c.withStatus(CheckRecord.CRITICAL, "") : c;
            catalog.upsertCheck(next);
            if (next.ttl() != null) {
                ctx.ttl().arm(next.key(), next.ttl());
            } else {
                ctx.ttl().disarm(next.key());
            }
        }
        for (CheckRecord c : catalog.checksFor(service)) {
            if (!c.isNodeCheck() && !keep.contains(c.checkId()) && !c.type().equals("maintenance")) {
                catalog.removeCheck(c.key());
                ctx.ttl().disarm(c.key());
            }
        }
    }

    private static CheckRecord checkFrom(JsonNode def, String defaultId, ServiceRecord service) {
        String checkId = Json.text(def, "CheckID", Json.text(def, "ID", ""));
        if (checkId.isEmpty()) {
            checkId = defaultId;
        }
        String name = Json.text(def, "Name", "");
        if (name.isEmpty()) {
            name = "Service '" + service.name() + "' check";
        }
        String status = Json.text(def, "Status", null);
        if (status != null && status.isEmpty()) {
            status = null;
        }
        if (status != null && !CheckRecord.validStatus(status)) {
            throw ApiError.badRequest("Invalid check: status must be one of passing, warning, critical (got \""
                    + status + "\")");
        }
        Duration ttl = null;
        String type = null;
        String ttlText = Json.text(def, "TTL", "");
        if (!ttlText.isEmpty()) {
            try {
                ttl = GoDuration.parse(ttlText);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("Request decode failed: " + e.getMessage());
            }
            if (ttl.isZero() || ttl.isNegative()) {
                throw ApiError.badRequest("Invalid check: TTL must be > 0 for TTL checks");
            }
            type = "ttl";
        } else {
            for (String kind : STATIC_CHECK_KINDS) {
                if (Json.field(def, kind) != null) {
                    type = kind.toLowerCase(java.util.Locale.ROOT);
                    break;
                }
            }
            if (type == null) {
                throw ApiError.badRequest("Invalid check: TTL must be > 0 for TTL checks");
            }
        }
        return new CheckRecord(service.node(), service.namespace(), checkId, name, status,
                Json.text(def, "Notes", ""), "", service.id(), type, ttl, 0, 0);
    }

    void deregister(QueryOptions o, String id) {
        ctx.store().write(() -> {
            Catalog catalog = ctx.store().defaultDatacenter().catalog();
            ServiceRecord s = catalog.service(ctx.nodeName(), o.namespace(), id);
            if (s == null || id.equals("consul")) {
                throw ApiError.notFound("Unknown service ID \"" + id
                        + "\". Ensure that the service ID is passed, not the service name.");
            }
            o.authorizer().requireWrite(Acl.Resource.SERVICE, s.name());
            for (CheckRecord c : catalog.checksFor(s)) {
                ctx.ttl().disarm(c.key());
            }
            catalog.removeService(ctx.nodeName(), o.namespace(), id);
        });
    }

    void updateTtl(QueryOptions o, String checkId, String status, String output) {
        ctx.store().write(() -> {
            Catalog catalog = ctx.store().defaultDatacenter().catalog();
            CheckRecord c = catalog.check(new CheckRecord.Key(ctx.nodeName(), o.namespace(), checkId));
            if (c == null) {
                throw ApiError.notFound("Unknown check ID \"" + checkId
                        + "\". Ensure that the check ID is passed, not the check name.");
            }
            authorizeCheck(o, catalog, c);
            if (c.ttl() == null) {
                throw ApiError.internal("CheckID \"" + checkId + "\" does not have associated TTL");
            }
            catalog.upsertCheck(c.withStatus(status, output));
            ctx.ttl().arm(c.key(), c.ttl());
        });
    }

    void nodeMaintenance(QueryOptions o, boolean enable, String reason) {
        o.authorizer().requireWrite(Acl.Resource.NODE, ctx.nodeName());
        ctx.store().write(() -> {
            Catalog catalog = ctx.store().defaultDatacenter().catalog();
            CheckRecord.Key key = new CheckRecord.Key(ctx.nodeName(), Datacenter.DEFAULT_NAMESPACE, "_node_maintenance");
            if (enable) {
                String notes = reason == null || reason.isEmpty()
                        ? "Maintenance mode is enabled for this node, but no reason was provided. This is a default message."
                        : reason;
                catalog.upsertCheck(new CheckRecord(key.node(), key.namespace(), key.checkId(), "Node Maintenance Mode",
                        CheckRecord.CRITICAL, notes, "", "", "maintenance", null, 0, 0));
            } else {
                catalog.removeCheck(key);
            }
        });
    }

    void serviceMaintenance(QueryOptions o, String id, boolean enable, String reason) {
        ctx.store().write(() -> {
            Catalog catalog = ctx.store().defaultDatacenter().catalog();
            ServiceRecord s = catalog.service(ctx.nodeName(), o.namespace(), id);
            if (s == null) {
                throw ApiError.notFound("Unknown service ID \"" + id + "\"");
            }
            o.authorizer().requireWrite(Acl.Resource.SERVICE, s.name());
            CheckRecord.Key key = new CheckRecord.Key(ctx.nodeName(), s.namespace(), "_service_maintenance:" + id);
            if (enable) {
                String notes = reason == null || reason.isEmpty()
                        ? "Maintenance mode is enabled for this service, but no reason was provided. This is a default message."
                        : reason;
                catalog.upsertCheck(new CheckRecord(key.node(), key.namespace(), key.checkId(), "Service Maintenance Mode",
                        CheckRecord.CRITICAL, notes, "", id, "maintenance", null, 0, 0));
            } else {
                catalog.removeCheck(key);
            }
        });
    }

    private void authorizeCheck(QueryOptions o, Catalog catalog, CheckRecord c) {
        if (c.isNodeCheck()) {
            o.authorizer().requireWrite(Acl.Resource.NODE, c.node());
        } else {
            ServiceRecord s = catalog.service(c.node(), c.namespace(), c.serviceId());
            o.authorizer().requireWrite(Acl.Resource.SERVICE, s == null ? c.serviceId() : s.name());
        }
    }
}
