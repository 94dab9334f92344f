package io.graylane.core.rule;

import java.util.List;
import java.util.Objects;

/**
 * The slow-path explanation of coloring one request ({@link Colorer#explain}): the outcome, and each
 * rule evaluated up to and including the one that matched, with its reason tree. Immutable and
 * thread-safe.
 *
 * @param outcome the same outcome {@link Colorer#color} gives for the request and random draws
 * @param rules   the evaluated rules in order; the last one matched unless the default lane applied
 */
public record ColoringTrace(ColoringOutcome outcome, List<RuleTrace> rules) {

    public ColoringTrace {
        Objects.requireNonNull(outcome, "outcome");
        rules = List.copyOf(rules);
    }

    /**
     * Multi-line text for the CLI and admin API, e.g.
     * <pre>
     * lane canary: rule 'beta-users' (#0)
     *   #0 'beta-users' → canary: yes
     *     header X-User-Group = "beta" equals "beta": yes
     * </pre>
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("lane ").append(outcome.lane()).append(": ").append(outcome.description()).append('\n');
        for (RuleTrace rule : rules) {
            out.append("  #").append(rule.index()).append(" '").append(rule.rule()).append("' → ")
                    .append(rule.lane()).append(ConditionTrace.verdict(rule.matched())).append('\n');
            rule.condition().appendTo(out, 4);
        }
        return out.toString();
    }
}
