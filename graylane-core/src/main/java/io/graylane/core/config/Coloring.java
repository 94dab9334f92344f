package io.graylane.core.config;

import io.graylane.core.rule.Rule;

import java.util.List;
import java.util.Objects;

/**
 * Ordered coloring rules; the first that matches assigns the lane, otherwise {@code defaultLane}.
 *
 * @param defaultLane lane for requests no rule matches
 * @param rules       rules in evaluation order
 */
public record Coloring(String defaultLane, List<Rule> rules) {
    public Coloring {
        Objects.requireNonNull(defaultLane, "defaultLane");
        rules = List.copyOf(rules);
    }
}
