package io.graylane.core.rule;

import java.util.Objects;

/**
 * One coloring rule: when {@code when} holds, the request goes to {@code lane}.
 *
 * @param name rule name used in explanations, metrics and the debug header
 * @param when the condition
 * @param lane the lane to assign
 */
public record Rule(String name, Condition when, String lane) {
    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(lane, "lane");
    }
}
