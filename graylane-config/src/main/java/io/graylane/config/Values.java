package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of single tree values, recording a path-named error on a mismatch. */
final class Values {

    private static final int MAX_SHOWN = 60;

    private Values() {
    }

    /** How a value is shown in an error: strings quoted, numbers and booleans as written. */
    static String render(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isTextual()) {
            String t = node.textValue();
            return quote(t.length() > MAX_SHOWN ? t.substring(0, MAX_SHOWN) + "…" : t);
        }
        if (node.isObject()) {
            return node.isEmpty() ? "{}" : "an object";
        }
        if (node.isArray()) {
            return node.isEmpty() ? "[]" : "a list";
        }
        return node.asText(); // numbers as written (5.25), booleans, null
    }

    /** {@code s} as a JSON string literal: quoted, with quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** {@code value (expected: what)}, with a quoting hint when a scalar was given where text was wanted. */
    static String mismatch(JsonNode node, String expected) {
        return render(node) + " (expected: " + expected + ")";
    }

    /** A string, or {@code null} after recording an error. */
    static String string(Problems problems, JsonNode node, String path, String expected) {
        if (node != null && node.isTextual()) {
            return node.textValue();
        }
        if (node != null && (node.isNumber() || node.isBoolean())) {
            problems.add(path, render(node) + " (expected: " + expected + "; quote it: \"" + node.asText() + "\")");
        } else {
            problems.add(path, mismatch(node, expected));
        }
        return null;
    }

    /** A non-empty string, or {@code null} after recording an error. */
    static String nonEmptyString(Problems problems, JsonNode node, String path, String expected) {
        String s = string(problems, node, path, expected);
        if (s != null && s.isEmpty()) {
            problems.add(path, "\"\" (expected: " + expected + ")");
            return null;
        }
        return s;
    }

    /** A list of strings, or {@code null} after recording errors; every bad item is reported. */
    static List<String> strings(Problems problems, JsonNode node, String path, String expectedList,
                                String expectedItem) {
        if (node == null || !node.isArray()) {
            problems.add(path, mismatch(node, expectedList));
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            String s = string(problems, node.get(i), ConfigPaths.index(path, i), expectedItem);
            ok &= s != null;
            out.add(s);
        }
        return ok ? out : null;
    }

    /** A map of string to string (insertion order), or {@code null} after recording errors. */
    static Map<String, String> stringMap(Problems problems, JsonNode node, String path, String expected) {
        if (node == null || !node.isObject()) {
            problems.add(path, mismatch(node, expected));
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String s = string(problems, e.getValue(), ConfigPaths.key(path, e.getKey()), "a string value");
            ok &= s != null;
            out.put(e.getKey(), s);
        }
        return ok ? out : null;
    }

    /** An integer within {@code min..max}, or {@code null} after recording an error. */
    static Integer integer(Problems problems, JsonNode node, String path, int min, int max, String expected) {
        if (node != null && node.isIntegralNumber() && node.canConvertToInt()) {
            int v = node.intValue();
            if (v >= min && v <= max) {
                return v;
            }
        }
        problems.add(path, mismatch(node, expected));
        return null;
    }

    /** A boolean, or {@code null} after recording an error. */
    static Boolean bool(Problems problems, JsonNode node, String path) {
        if (node != null && node.isBoolean()) {
            return node.booleanValue();
        }
        problems.add(path, mismatch(node, "true or false"));
        return null;
    }
}
