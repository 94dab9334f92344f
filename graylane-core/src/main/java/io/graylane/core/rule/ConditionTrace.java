package io.graylane.core.rule;

import java.util.List;
import java.util.Objects;

/**
 * Why one condition did or did not hold for a request, e.g.
 * {@code header X-User-Group = "beta" equals "beta": yes}; composite conditions list the children
 * they evaluated. Immutable and thread-safe.
 *
 * @param description human-readable reason, ending in its verdict {@code : yes} or {@code : no}
 * @param matched     whether the condition held
 * @param children    traces of the evaluated sub-conditions, in order (empty for leaves)
 */
public record ConditionTrace(String description, boolean matched, List<ConditionTrace> children) {

    public ConditionTrace {
        Objects.requireNonNull(description, "description");
        children = List.copyOf(children);
    }

    /** A trace without children. */
    public static ConditionTrace leaf(String description, boolean matched) {
        return new ConditionTrace(description, matched, List.of());
    }

    /** {@code ": yes"} or {@code ": no"}, the suffix every description ends with. */
    static String verdict(boolean matched) {
        return matched ? ": yes" : ": no";
    }

    /** The tree as indented lines, two spaces per level, starting at {@code indent}. */
    public String render(int indent) {
        StringBuilder out = new StringBuilder();
        appendTo(out, indent);
        return out.toString();
    }

    void appendTo(StringBuilder out, int indent) {
        out.append(" ".repeat(indent)).append(description).append('\n');
        for (ConditionTrace child : children) {
            child.appendTo(out, indent + 2);
        }
    }
}
