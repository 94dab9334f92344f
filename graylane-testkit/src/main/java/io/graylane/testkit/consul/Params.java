package io.graylane.testkit.consul;

import java.util.LinkedHashMap;
import java.util.Map;

/** Query-parameter parsing shared by endpoints, with Consul's error texts. Stateless. */
final class Params {

    private Params() {
    }

    /** {@code ?filter=}: null when absent; 400 when it does not parse or names an unknown selector. */
    static FilterExpression filter(SimRequest req, FilterSchema schema) {
        String text = req.param("filter");
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return FilterExpression.parse(text, schema);
        } catch (FilterException e) {
            throw ApiError.badRequest("Failed to create boolean expression evaluator: " + e.getMessage());
        }
    }

    /** A boolean flag: a bare {@code ?passing} is true, otherwise Go's ParseBool. */
    static boolean bool(SimRequest req, String name) {
        String v = req.param(name);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "", "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw ApiError.badRequest("Invalid value for ?" + name);
        };
    }

    /** {@code ?node-meta=key:value} (repeatable): all pairs must hold. */
    static Map<String, String> nodeMeta(SimRequest req) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : req.params("node-meta")) {
            int colon = pair.indexOf(':');
            out.put(colon < 0 ? pair : pair.substring(0, colon), colon < 0 ? "" : pair.substring(colon + 1));
        }
        return out;
    }

    static long unsigned(SimRequest req, String name, long fallback) {
        String v = req.param(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            // Consul returns the strconv error unwrapped, which its HTTP layer answers as a 500.
            throw ApiError.internal("strconv.ParseUint: parsing \"" + v + "\": invalid syntax");
        }
    }
}
