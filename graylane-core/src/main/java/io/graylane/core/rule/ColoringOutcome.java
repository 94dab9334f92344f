package io.graylane.core.rule;

import java.util.Objects;

/**
 * The result of coloring one request: the lane and the rule that chose it. A {@link Colorer} makes
 * one outcome per rule plus one for the default lane when it is built and returns those shared
 * instances, so coloring allocates nothing; compare by {@link #ruleIndex}, not identity, across
 * colorers. Immutable and thread-safe.
 *
 * @param lane        the lane assigned
 * @param rule        name of the matching rule, or {@code null} when the default lane applied
 * @param ruleIndex   position of the matching rule, or {@code -1} for the default lane
 * @param description short fixed text for logs and the debug header, e.g. {@code rule 'beta-users' (#0)}
 */
public record ColoringOutcome(String lane, String rule, int ruleIndex, String description) {

    public ColoringOutcome {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(description, "description");
        if (ruleIndex < -1 || (ruleIndex == -1) != (rule == null)) {
            throw new IllegalArgumentException("ruleIndex: " + ruleIndex + " with rule " + rule
                    + " (expected: -1 with no rule for the default lane, else >= 0 with a rule name)");
        }
    }

    /** The outcome for rule {@code rule} at position {@code index}. */
    public static ColoringOutcome ofRule(Rule rule, int index) {
        return new ColoringOutcome(rule.lane(), rule.name(), index, "rule '" + rule.name() + "' (#" + index + ")");
    }

    /** The outcome when no rule matched. */
    public static ColoringOutcome ofDefault(String defaultLane) {
        return new ColoringOutcome(defaultLane, null, -1, "default lane");
    }

    /** Whether no rule matched and the default lane applied. */
    public boolean isDefault() {
        return ruleIndex < 0;
    }
}
