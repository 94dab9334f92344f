package io.graylane.core.rule;

import java.util.Objects;

/**
 * How one rule fared for a request in {@link Colorer#explain}. Immutable and thread-safe.
 *
 * @param rule      rule name
 * @param index     position of the rule
 * @param lane      the lane the rule assigns
 * @param matched   whether its condition held
 * @param condition why, as a tree
 */
public record RuleTrace(String rule, int index, String lane, boolean matched, ConditionTrace condition) {

    public RuleTrace {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(condition, "condition");
    }
}
