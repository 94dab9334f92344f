package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.graylane.core.GraylaneException;
import io.graylane.core.chain.ChainOrder;
import io.graylane.core.config.ChainEntry;
import io.graylane.core.model.Lane;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code chain}: middleware entries in order. Ids must be unique, {@code after}/{@code before}
 * must name other entries, and the constraints must all hold together (no cycle: {@link ChainOrder}).
 * The type-specific {@code config} is kept as plain maps, lists, strings, numbers and booleans.
 */
final class ChainBinder {

    /** An entry's id and where its ordering references are written, for the reference check. */
    private record Refs(String id, List<String> after, List<String> before, String path) {
    }

    private final Problems problems;

    ChainBinder(Problems problems) {
        this.problems = problems;
    }

    List<ChainEntry> chain(Fields root) {
        Map<String, String> ids = new LinkedHashMap<>();
        List<Refs> refs = new ArrayList<>();
        List<ChainEntry> entries = root.list("chain", "a list of middleware entries {id, type, …}",
                (node, path) -> entry(node, path, ids, refs));
        int before = problems.size();
        for (Refs r : refs) {
            check(r, "after", r.after(), ids);
            check(r, "before", r.before(), ids);
        }
        if (problems.size() == before && entries != null) {
            try {
                ChainOrder.resolve(entries);
            } catch (GraylaneException e) {
                // "chain: ordering cycle a → b → a (expected: …)": the path is the message's own prefix.
                String message = e.getMessage();
                problems.add("chain", message.startsWith("chain: ") ? message.substring("chain: ".length()) : message);
            }
        }
        return entries;
    }

    private ChainEntry entry(JsonNode node, String path, Map<String, String> ids, List<Refs> refs) {
        Fields f = Fields.open(problems, node, path, KnownKeys.CHAIN_ENTRY,
                "an object {id, type, enabled, config, after, before}");
        if (f == null) {
            return null;
        }
        String id = f.nonEmptyString("id", "an entry id of " + ConfigBinder.NAME_RULE, null);
        if (id != null && !Lane.isValidName(id)) {
            problems.add(f.path("id"), Values.render(f.node().get("id")) + " (expected: an entry id of "
                    + ConfigBinder.NAME_RULE + ")");
            id = null;
        }
        if (id != null) {
            String first = ids.putIfAbsent(id, path);
            if (first != null) {
                problems.add(f.path("id"), Values.render(f.node().get("id"))
                        + " (expected: a unique entry id; " + first + " has it too)");
                id = null;
            }
        }
        String type = f.nonEmptyString("type", "a middleware type such as recover or timeout", null);
        boolean enabled = f.bool("enabled", true);
        JsonNode configNode = f.get("config", "an object of type-specific settings");
        Map<String, Object> config = Map.of();
        if (configNode != null && !configNode.isObject()) {
            problems.add(f.path("config"), Values.mismatch(configNode, "an object of type-specific settings"));
            config = null;
        } else if (configNode != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) plain(configNode);
            config = plain;
        }
        List<String> after = f.strings("after", "a list of entry ids", "an entry id", List.of());
        List<String> before = f.strings("before", "a list of entry ids", "an entry id", List.of());
        if (id != null) {
            refs.add(new Refs(id, after == null ? List.of() : after, before == null ? List.of() : before, path));
        }
        if (id == null || type == null || config == null || after == null || before == null) {
            return null;
        }
        String finalId = id;
        Map<String, Object> finalConfig = config;
        return f.build(() -> new ChainEntry(finalId, type, finalConfig, enabled, after, before));
    }

    private void check(Refs r, String key, List<String> targets, Map<String, String> ids) {
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            String path = ConfigPaths.index(ConfigPaths.key(r.path(), key), i);
            if (target.equals(r.id())) {
                problems.add(path, "\"" + target + "\" (expected: the id of another entry, not this one)");
            } else if (!ids.containsKey(target)) {
                problems.add(path, "\"" + target + "\" (expected: an entry id in this chain: "
                        + String.join(", ", ids.keySet()) + Suggestions.didYouMean(target, ids.keySet()) + ")");
            }
        }
    }

    /** The tree as plain, unmodifiable Java values; numbers with a fraction become doubles. */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return Collections.unmodifiableList(list);
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue()
                    : node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return null;
    }
}
