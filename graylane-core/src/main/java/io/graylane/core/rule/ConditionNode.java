package io.graylane.core.rule;

/**
 * Base of the compiled condition tree built by {@link Conditions}: every node answers on the hot
 * path ({@link #test}) and explains on the slow path ({@link #explain}) from the same precompiled
 * state, so the two cannot disagree. Nodes are immutable and thread-safe.
 */
abstract class ConditionNode implements CompiledCondition {

    /** Longest request value shown in an explanation before it is cut. */
    private static final int MAX_SHOWN = 80;

    @Override
    public abstract ConditionTrace explain(RequestView request);

    static ConditionTrace leaf(String description, boolean matched) {
        return ConditionTrace.leaf(description + ConditionTrace.verdict(matched), matched);
    }

    /**
     * {@code value} as a double-quoted, escaped string for explanations; long values (think 50k
     * characters of attacker-chosen header) are cut and say how long they were.
     */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 16).append('"');
        int shown = Math.min(value.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        if (value.length() > shown) {
            out.append("… (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}
