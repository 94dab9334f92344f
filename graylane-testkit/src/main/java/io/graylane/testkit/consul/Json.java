package io.graylane.testkit.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON in and out of the simulator; Consul's wire names are used verbatim. Thread-safe. */
final class Json {

    // Configured once and never mutated afterwards, so sharing it is safe.
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static byte[] write(Object value, boolean pretty) {
        try {
            return (pretty ? PRETTY : MAPPER).writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a request body; a syntax error becomes {@code prefix + message} with status 400. */
    static JsonNode read(byte[] body, String errorPrefix) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiError.badRequest(errorPrefix + "EOF");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(errorPrefix + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest(errorPrefix + e.getMessage());
        }
    }

    /** An insertion-ordered JSON object from alternating keys and values. */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    /** A member looked up case-insensitively, as Consul's decoder does; null when absent or JSON null. */
    static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact.isNull() ? null : exact;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().isNull() ? null : e.getValue();
            }
        }
        return null;
    }

    static String text(JsonNode object, String name, String fallback) {
        JsonNode n = field(object, name);
        return n == null ? fallback : n.asText();
    }
}
