package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Map;
import java.util.function.Function;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in string values (never in keys, numbers or
 * booleans) with environment variables. As in the shell, the default applies when the variable is
 * unset or empty. {@code $${} stands for a literal {@code ${}. A variable that is unset and has no
 * default is an error naming the path and the variable.
 */
final class EnvSubstitution {

    private final Function<String, String> environment;
    private final Problems problems;

    EnvSubstitution(Function<String, String> environment, Problems problems) {
        this.environment = environment;
        this.problems = problems;
    }

    /** Substitutes in place below {@code node}, which lives at {@code path}. */
    void apply(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                String child = ConfigPaths.key(path, e.getKey());
                if (e.getValue().isTextual()) {
                    String replaced = substitute(e.getValue().textValue(), child);
                    if (replaced != null) {
                        e.setValue(new TextNode(replaced));
                    }
                } else {
                    apply(e.getValue(), child);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String child = ConfigPaths.index(path, i);
                if (array.get(i).isTextual()) {
                    String replaced = substitute(array.get(i).textValue(), child);
                    if (replaced != null) {
                        array.set(i, new TextNode(replaced));
                    }
                } else {
                    apply(array.get(i), child);
                }
            }
        }
    }

    /** The substituted text, or {@code null} when there was nothing to do or an error was recorded. */
    String substitute(String text, String path) {
        if (text.indexOf('$') < 0) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean ok = true;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
            } else if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    // The value is not echoed: it may be a secret.
                    problems.add(path, "unterminated ${ at character " + (i + 1)
                            + " (expected: ${NAME} or ${NAME:-default}; $${ for a literal ${)");
                    problems.settle(path);
                    return null;
                }
                String expression = text.substring(i + 2, end);
                String value = resolve(expression, path);
                if (value == null) {
                    ok = false;
                } else {
                    out.append(value);
                }
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        if (!ok) {
            problems.settle(path);
            return null;
        }
        return out.toString();
    }

    private String resolve(String expression, String path) {
        int colon = expression.indexOf(":-");
        String name = colon >= 0 ? expression.substring(0, colon) : expression;
        String fallback = colon >= 0 ? expression.substring(colon + 2) : null;
        if (!isVariableName(name)) {
            problems.add(path, quote("${" + expression + "}")
                    + " (expected: ${NAME} or ${NAME:-default}, NAME being letters, digits and '_', not starting with a digit)");
            return null;
        }
        if (fallback != null && fallback.contains("${")) {
            problems.add(path, quote("${" + expression + "}") + " (expected: a literal default; defaults are not substituted)");
            return null;
        }
        String value = environment.apply(name);
        if (value != null && !(value.isEmpty() && fallback != null)) {
            return value;
        }
        if (fallback != null) {
            return fallback;
        }
        problems.add(path, "${" + name + "} is not set (expected: environment variable " + name
                + ", or a default: ${" + name + ":-value})");
        return null;
    }

    private static boolean isVariableName(String s) {
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            return false;
        }
        return s.chars().allMatch(ch -> ch == '_' || (ch < 128 && Character.isLetterOrDigit(ch)));
    }

    private static String quote(String s) {
        return Values.quote(s);
    }
}
