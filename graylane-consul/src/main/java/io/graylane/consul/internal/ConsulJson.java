package io.graylane.consul.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graylane.consul.CheckDefinition;
import io.graylane.consul.KvEntry;
import io.graylane.consul.ServiceEntry;
import io.graylane.consul.ServiceRegistration;
import io.graylane.consul.TxnOp;
import io.graylane.consul.TxnResult;
import io.graylane.consul.Weights;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes Consul's JSON bodies. Consul's field names are capitalised and a list may be
 * {@code null}; unknown fields are ignored so newer Consul versions keep working. Stateless.
 */
public final class ConsulJson {

    /** Configured once here and never changed: safe to share. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ConsulJson() {
    }

    /** The shared, immutable-after-construction mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a body into a tree; throws {@link IOException} on malformed JSON. */
    public static JsonNode tree(byte[] body) throws IOException {
        return MAPPER.readTree(body);
    }

    /** {@code GET /v1/health/service/:svc}. */
    public static List<ServiceEntry> serviceEntries(JsonNode root) {
        List<ServiceEntry> out = new ArrayList<>();
        for (JsonNode e : array(root)) {
            JsonNode n = e.path("Node");
            JsonNode s = e.path("Service");
            ServiceEntry.Node node = new ServiceEntry.Node(text(n, "ID"), text(n, "Node"), text(n, "Address"),
                    text(n, "Datacenter"), stringMap(n.get("Meta")));
            JsonNode w = s.get("Weights");
            Weights weights = w == null || w.isNull() ? Weights.DEFAULT
                    : new Weights(Math.max(0, w.path("Passing").asInt(1)), Math.max(0, w.path("Warning").asInt(1)));
            ServiceEntry.Service service = new ServiceEntry.Service(text(s, "ID"), text(s, "Service"),
                    strings(s.get("Tags")), text(s, "Address"), s.path("Port").asInt(0), stringMap(s.get("Meta")),
                    weights);
            List<ServiceEntry.Check> checks = new ArrayList<>();
            for (JsonNode c : array(e.get("Checks"))) {
                checks.add(new ServiceEntry.Check(text(c, "Node"), text(c, "CheckID"), text(c, "Name"),
                        text(c, "Status"), text(c, "ServiceID"), text(c, "ServiceName")));
            }
            out.add(new ServiceEntry(node, service, checks));
        }
        return List.copyOf(out);
    }

    /** {@code GET /v1/catalog/services}: service name to tags, in Consul's order. */
    public static Map<String, List<String>> catalogServices(JsonNode root) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (root != null && root.isObject()) {
            root.properties().forEach(e -> out.put(e.getKey(), strings(e.getValue())));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** {@code GET /v1/kv/:key[?recurse]}. */
    public static List<KvEntry> kvEntries(JsonNode root) {
        List<KvEntry> out = new ArrayList<>();
        for (JsonNode e : array(root)) {
            out.add(kvEntry(e));
        }
        return List.copyOf(out);
    }

    /** {@code GET /v1/kv/:prefix?keys}. */
    public static List<String> strings(JsonNode root) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : array(root)) {
            out.add(e.asText());
        }
        return List.copyOf(out);
    }

    /** A {@code PUT /v1/txn} answer, 200 or 409. */
    public static TxnResult txnResult(JsonNode root, boolean applied) {
        List<KvEntry> results = new ArrayList<>();
        for (JsonNode r : array(root == null ? null : root.get("Results"))) {
            JsonNode kv = r.get("KV");
            if (kv != null && !kv.isNull()) {
                results.add(kvEntry(kv));
            }
        }
        List<TxnResult.Error> errors = new ArrayList<>();
        for (JsonNode e : array(root == null ? null : root.get("Errors"))) {
            errors.add(new TxnResult.Error(e.path("OpIndex").asInt(), text(e, "What")));
        }
        return new TxnResult(applied, results, errors);
    }

    /** The body of {@code PUT /v1/txn}. */
    public static byte[] txnBody(List<TxnOp> ops) {
        ArrayNode root = MAPPER.createArrayNode();
        for (TxnOp op : ops) {
            ObjectNode kv = root.addObject().putObject("KV");
            kv.put("Verb", op.verb().wire());
            kv.put("Key", op.key());
            byte[] value = op.value();
            if (value.length > 0) {
                kv.put("Value", Base64.getEncoder().encodeToString(value));
            }
            if (op.flags() != 0) {
                kv.put("Flags", new java.math.BigInteger(Long.toUnsignedString(op.flags())));
            }
            if (op.index() != 0) {
                kv.put("Index", op.index());
            }
        }
        return bytes(root);
    }

    /** The body of {@code PUT /v1/agent/service/register}. */
    public static byte[] registrationBody(ServiceRegistration r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("Name", r.name());
        if (!r.id().isEmpty()) {
            root.put("ID", r.id());
        }
        if (!r.tags().isEmpty()) {
            ArrayNode tags = root.putArray("Tags");
            r.tags().forEach(tags::add);
        }
        if (!r.address().isEmpty()) {
            root.put("Address", r.address());
        }
        if (r.port() > 0) {
            root.put("Port", r.port());
        }
        if (!r.meta().isEmpty()) {
            ObjectNode meta = root.putObject("Meta");
            r.meta().forEach(meta::put);
        }
        if (r.weights() != null) {
            root.putObject("Weights").put("Passing", r.weights().passing()).put("Warning", r.weights().warning());
        }
        if (!r.checks().isEmpty()) {
            ArrayNode checks = root.putArray("Checks");
            for (CheckDefinition c : r.checks()) {
                ObjectNode check = checks.addObject();
                if (!c.name().isEmpty()) {
                    check.put("Name", c.name());
                }
                if (c.ttl() != null) {
                    check.put("TTL", GoDuration.format(c.ttl()));
                }
                if (!c.http().isEmpty()) {
                    check.put("HTTP", c.http());
                }
                if (!c.tcp().isEmpty()) {
                    check.put("TCP", c.tcp());
                }
                if (c.interval() != null) {
                    check.put("Interval", GoDuration.format(c.interval()));
                }
                if (c.timeout() != null) {
                    check.put("Timeout", GoDuration.format(c.timeout()));
                }
                if (!c.status().isEmpty()) {
                    check.put("Status", c.status());
                }
                if (c.deregisterCriticalServiceAfter() != null) {
                    check.put("DeregisterCriticalServiceAfter", GoDuration.format(c.deregisterCriticalServiceAfter()));
                }
            }
        }
        return bytes(root);
    }

    private static KvEntry kvEntry(JsonNode e) {
        JsonNode v = e.get("Value");
        byte[] value = v == null || v.isNull() ? new byte[0] : Base64.getDecoder().decode(v.asText());
        return new KvEntry(text(e, "Key"), value, parseUnsigned(e.get("Flags")), e.path("CreateIndex").asLong(),
                e.path("ModifyIndex").asLong(), e.path("LockIndex").asLong(), text(e, "Session"));
    }

    private static long parseUnsigned(JsonNode n) {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (n.isBigInteger() || n.isTextual()) {
            return Long.parseUnsignedLong(n.asText());
        }
        return n.asLong();
    }

    private static Iterable<JsonNode> array(JsonNode n) {
        return n != null && n.isArray() ? n : List.of();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static Map<String, String> stringMap(JsonNode n) {
        if (n == null || !n.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return out;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
