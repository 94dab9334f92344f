package io.graylane.testkit.consul;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consul's JSON shapes, built as ordered maps (which the filter evaluates too). Lists are {@code []} and
 * maps {@code {}}, never null; map keys are sorted as Go's encoder sorts them. Stateless.
 */
final class Views {

    private Views() {
    }

    static Map<String, Object> node(NodeRecord n, String datacenter) {
        return Json.object(
                "ID", n.id(),
                "Node", n.name(),
                "Address", n.address(),
                "Datacenter", datacenter,
                "TaggedAddresses", new TreeMap<>(Map.of("lan", n.address(), "wan", n.address())),
                "Meta", new TreeMap<>(n.meta()),
                "CreateIndex", n.createIndex(),
                "ModifyIndex", n.modifyIndex());
    }

    static Map<String, Object> service(ServiceRecord s, boolean enterprise) {
        Map<String, Object> out = Json.object(
                "ID", s.id(),
                "Service", s.name(),
                "Tags", new ArrayList<>(s.tags()),
                "Address", s.address(),
                "Meta", new TreeMap<>(s.meta()),
                "Port", s.port(),
                "Weights", weights(s),
                "EnableTagOverride", s.enableTagOverride());
        if (enterprise) {
            out.put("Namespace", s.namespace());
            out.put("Partition", "default");
        }
        out.put("CreateIndex", s.createIndex());
        out.put("ModifyIndex", s.modifyIndex());
        return out;
    }

    static Map<String, Object> check(CheckRecord c, Catalog catalog, boolean enterprise) {
        ServiceRecord s = c.isNodeCheck() ? null : catalog.service(c.node(), c.namespace(), c.serviceId());
        Map<String, Object> out = Json.object(
                "Node", c.node(),
                "CheckID", c.checkId(),
                "Name", c.name(),
                "Status", c.status(),
                "Notes", c.notes(),
                "Output", c.output(),
                "ServiceID", c.serviceId(),
                "ServiceName", s == null ? "" : s.name(),
                "ServiceTags", s == null ? new ArrayList<String>() : new ArrayList<>(s.tags()),
                "Type", c.type(),
                "Definition", new TreeMap<String, Object>());
        if (enterprise) {
            out.put("Namespace", c.namespace());
            out.put("Partition", "default");
        }
        out.put("CreateIndex", c.createIndex());
        out.put("ModifyIndex", c.modifyIndex());
        return out;
    }

    /** One {@code /v1/health/service/:svc} entry. */
    static Map<String, Object> healthEntry(Catalog catalog, ServiceRecord s, String datacenter, boolean enterprise) {
        List<Object> checks = new ArrayList<>();
        for (CheckRecord c : catalog.checksFor(s)) {
            checks.add(check(c, catalog, enterprise));
        }
        return Json.object(
                "Node", node(catalog.node(s.node()), datacenter),
                "Service", service(s, enterprise),
                "Checks", checks);
    }

    /** One {@code /v1/catalog/service/:svc} entry (the flat ServiceNode shape). */
    static Map<String, Object> catalogServiceNode(NodeRecord n, ServiceRecord s, String datacenter,
                                                  boolean enterprise) {
        Map<String, Object> out = Json.object(
                "ID", n.id(),
                "Node", n.name(),
                "Address", n.address(),
                "Datacenter", datacenter,
                "TaggedAddresses", new TreeMap<>(Map.of("lan", n.address(), "wan", n.address())),
                "NodeMeta", new TreeMap<>(n.meta()),
                "ServiceKind", "",
                "ServiceID", s.id(),
                "ServiceName", s.name(),
                "ServiceTags", new ArrayList<>(s.tags()),
                "ServiceAddress", s.address(),
                "ServiceWeights", weights(s),
                "ServiceMeta", new TreeMap<>(s.meta()),
                "ServicePort", s.port(),
                "ServiceEnableTagOverride", s.enableTagOverride());
        if (enterprise) {
            out.put("Namespace", s.namespace());
            out.put("Partition", "default");
        }
        out.put("CreateIndex", s.createIndex());
        out.put("ModifyIndex", s.modifyIndex());
        return out;
    }

    /** A service as {@code /v1/agent/services} shows it. */
    static Map<String, Object> agentService(ServiceRecord s, String datacenter, boolean enterprise) {
        Map<String, Object> out = Json.object(
                "ID", s.id(),
                "Service", s.name(),
                "Tags", new ArrayList<>(s.tags()),
                "Meta", new TreeMap<>(s.meta()),
                "Port", s.port(),
                "Address", s.address(),
                "Weights", weights(s),
                "EnableTagOverride", s.enableTagOverride(),
                "Datacenter", datacenter);
        if (enterprise) {
            out.put("Namespace", s.namespace());
            out.put("Partition", "default");
        }
        return out;
    }

    /** A KV entry: Value is base64 or null when empty; Session only while locked. */
    static Map<String, Object> kv(KvEntry e, boolean withValue, String namespace, boolean enterprise) {
        Map<String, Object> out = Json.object(
                "LockIndex", e.lockIndex(),
                "Key", e.key(),
                "Flags", e.flags(),
                "Value", !withValue || e.value().length == 0 ? null : Base64.getEncoder().encodeToString(e.value()));
        if (e.session() != null) {
            out.put("Session", e.session());
        }
        if (enterprise) {
            out.put("Namespace", namespace);
            out.put("Partition", "default");
        }
        out.put("CreateIndex", e.createIndex());
        out.put("ModifyIndex", e.modifyIndex());
        return out;
    }

    private static Map<String, Object> weights(ServiceRecord s) {
        return Json.object("Passing", s.passingWeight(), "Warning", s.warningWeight());
    }
}
