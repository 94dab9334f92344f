package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One config object being bound: checks its keys against {@link KnownKeys} (unknown keys with a
 * "did you mean", missing required keys) and reads typed fields, recording a path-named error for
 * each mismatch and returning {@code null} (or the default) so binding can go on and find the rest.
 */
final class Fields {

    private final Problems problems;
    private final JsonNode node;
    private final String path;
    private final KnownKeys kind;
    /** Known keys that some unknown key here looks like a misspelling of. */
    private final java.util.Set<String> misspelt;
    private final boolean hasUnknownKeys;

    private Fields(Problems problems, JsonNode node, String path, KnownKeys kind, java.util.Set<String> misspelt,
                   boolean hasUnknownKeys) {
        this.problems = problems;
        this.node = node;
        this.path = path;
        this.kind = kind;
        this.misspelt = misspelt;
        this.hasUnknownKeys = hasUnknownKeys;
    }

    /**
     * Opens the object at {@code path}; {@code null} (error recorded) when {@code node} is not an
     * object. Unknown keys are reported here; missing required keys when they are read.
     */
    static Fields open(Problems problems, JsonNode node, String path, KnownKeys kind, String expected) {
        if (node == null || !node.isObject()) {
            problems.add(path, Values.mismatch(node, expected));
            return null;
        }
        java.util.Set<String> misspelt = new java.util.HashSet<>();
        boolean unknown = false;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!kind.keys().contains(e.getKey())) {
                unknown = true;
                Suggestions.closest(e.getKey(), kind.keys()).ifPresent(misspelt::add);
                problems.add(ConfigPaths.key(path, e.getKey()), "unknown key (expected: one of "
                        + String.join(", ", kind.keys()) + Suggestions.didYouMean(e.getKey(), kind.keys()) + ")");
            }
        }
        return new Fields(problems, node, path, kind, misspelt, unknown);
    }

    String path() {
        return path;
    }

    /** Path of {@code key} in this object. */
    String path(String key) {
        return ConfigPaths.key(path, key);
    }

    JsonNode node() {
        return node;
    }

    /** Whether an unknown key was reported here (it may be the value that now seems missing). */
    boolean hasUnknownKeys() {
        return hasUnknownKeys;
    }

    boolean has(String key) {
        return node.has(key);
    }

    /** Known keys present in this object, in file order. */
    List<String> presentKeys() {
        return node.properties().stream().map(Map.Entry::getKey).filter(kind.keys()::contains).toList();
    }

    /**
     * The value of {@code key}, or {@code null} when absent; an absent required key is reported as
     * {@code missing (expected: …)}.
     */
    JsonNode get(String key, String expected) {
        check(key);
        JsonNode v = node.get(key);
        // "lan: canary" already says "did you mean lane?"; "lane: missing" on top would be noise.
        if (v == null && kind.required().contains(key) && !misspelt.contains(key)) {
            problems.add(path(key), "missing (expected: " + expected + ")");
        }
        return v;
    }

    /** A string; {@code fallback} when absent, {@code null} on error. */
    String string(String key, String expected, String fallback) {
        JsonNode v = get(key, expected);
        return v == null ? fallback : Values.string(problems, v, path(key), expected);
    }

    /** A non-empty string; {@code fallback} when absent, {@code null} on error. */
    String nonEmptyString(String key, String expected, String fallback) {
        JsonNode v = get(key, expected);
        return v == null ? fallback : Values.nonEmptyString(problems, v, path(key), expected);
    }

    /** A boolean; {@code fallback} when absent or on error. */
    boolean bool(String key, boolean fallback) {
        JsonNode v = get(key, "true or false");
        Boolean b = v == null ? null : Values.bool(problems, v, path(key));
        return b == null ? fallback : b;
    }

    /** An integer in {@code min..max}; {@code fallback} when absent, {@code null} on error. */
    Integer integer(String key, int min, int max, String expected, Integer fallback) {
        JsonNode v = get(key, expected);
        return v == null ? fallback : Values.integer(problems, v, path(key), min, max, expected);
    }

    /** A list of strings; {@code fallback} when absent, {@code null} on error. */
    List<String> strings(String key, String expectedList, String expectedItem, List<String> fallback) {
        JsonNode v = get(key, expectedList);
        return v == null ? fallback : Values.strings(problems, v, path(key), expectedList, expectedItem);
    }

    /** A string-to-string map; {@code fallback} when absent, {@code null} on error. */
    Map<String, String> stringMap(String key, String expected, Map<String, String> fallback) {
        JsonNode v = get(key, expected);
        return v == null ? fallback : Values.stringMap(problems, v, path(key), expected);
    }

    /**
     * An optional nested object: {@code fallback} when absent, the bound value when valid, {@code null}
     * (errors recorded) otherwise. A missing required section is reported as missing.
     */
    <T> T section(String key, KnownKeys kind, T fallback, Function<Fields, T> bind) {
        String expected = "an object with " + String.join(", ", kind.keys());
        JsonNode v = get(key, expected);
        if (v == null) {
            return fallback;
        }
        Fields f = open(problems, v, path(key), kind, expected);
        return f == null ? null : bind.apply(f);
    }

    /** An optional list: empty when absent, {@code null} when it or any element has errors. */
    <T> List<T> list(String key, String expected, BiFunction<JsonNode, String, T> bindItem) {
        JsonNode v = get(key, expected);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            problems.add(path(key), Values.mismatch(v, expected));
            return null;
        }
        List<T> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < v.size(); i++) {
            T item = bindItem.apply(v.get(i), ConfigPaths.index(path(key), i));
            ok &= item != null;
            out.add(item);
        }
        return ok ? out : null;
    }

    /**
     * Runs a core constructor, re-emitting its {@code field: value (expected: …)} message under this
     * object's path; {@code null} when it refused.
     */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            problems.addFromCore(path, kind.keys(), e);
            return null;
        }
    }

    private void check(String key) {
        if (!kind.keys().contains(key)) {
            // A programming error: the binder reads a key that KnownKeys (and so the schema) lacks.
            throw new IllegalStateException(kind + " has no key " + key);
        }
    }
}
