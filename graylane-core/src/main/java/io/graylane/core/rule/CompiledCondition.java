package io.graylane.core.rule;

import java.util.List;

/**
 * A {@link Condition} compiled once at load time by {@link Conditions#compile}: regexes compiled,
 * sets hashed, children in arrays. {@link #test} is the hot path and allocates nothing (except
 * inside RE2J for regex matches); {@link #explain} is the slow path that says why. Instances from
 * {@link Conditions} are immutable and thread-safe if their {@link RandomSource} is.
 */
@FunctionalInterface
public interface CompiledCondition {

    /** Whether {@code request} satisfies the condition. */
    boolean test(RequestView request);

    /**
     * Evaluates like {@link #test} — same answer, same random draws — and says why. The default
     * only reports the answer; compiled conditions from {@link Conditions} give a reason tree.
     */
    default ConditionTrace explain(RequestView request) {
        boolean matched = test(request);
        return new ConditionTrace("custom condition" + ConditionTrace.verdict(matched), matched, List.of());
    }
}
