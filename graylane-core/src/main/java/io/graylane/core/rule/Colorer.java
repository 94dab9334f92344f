package io.graylane.core.rule;

import io.graylane.core.config.Coloring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides a request's lane from a {@link Coloring}: the first rule whose condition holds wins, else
 * the default lane. Built once per config snapshot — every condition compiled and every possible
 * {@link ColoringOutcome} made up front — so {@link #color} allocates nothing and returns one of
 * those shared outcomes. Rules that test a request value for equality or a prefix are indexed by
 * that value ({@code RuleIndex}), so a request tries only the rules it could match, with the same
 * answer and the same random draws as trying every rule in order. Immutable and thread-safe when its
 * {@link RandomSource} is (the default is).
 */
public final class Colorer {

    private final Coloring coloring;
    private final ConditionNode[] conditions;
    private final ColoringOutcome[] ruleOutcomes;
    private final ColoringOutcome defaultOutcome;
    /** {@code null} when no rule can be indexed: then the plain walk is all there is. */
    private final RuleIndex index;

    private Colorer(Coloring coloring, RandomSource random) {
        this.coloring = coloring;
        List<Rule> rules = coloring.rules();
        this.conditions = new ConditionNode[rules.size()];
        this.ruleOutcomes = new ColoringOutcome[rules.size()];
        for (int i = 0; i < conditions.length; i++) {
            Rule rule = rules.get(i);
            try {
                conditions[i] = Conditions.node(rule.when(), random);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rules[" + i + "].when (rule '" + rule.name() + "'): "
                        + e.getMessage(), e);
            }
            ruleOutcomes[i] = ColoringOutcome.ofRule(rule, i);
        }
        this.defaultOutcome = ColoringOutcome.ofDefault(coloring.defaultLane());
        RuleIndex built = RuleIndex.build(rules.stream().map(Rule::when).toList(), conditions);
        this.index = built.unguardedCount() == conditions.length ? null : built;
    }

    /**
     * Compiles {@code coloring}; random conditions draw from {@link RandomSource#threadLocal()}.
     *
     * @throws IllegalArgumentException naming the rule, e.g.
     *         {@code rules[2].when (rule 'beta'): regex: ( (expected: RE2 syntax: missing closing ))}
     */
    public static Colorer compile(Coloring coloring) {
        return compile(coloring, RandomSource.threadLocal());
    }

    /**
     * Compiles {@code coloring}; random conditions draw from {@code random}.
     *
     * @throws IllegalArgumentException naming the rule whose condition does not compile
     */
    public static Colorer compile(Coloring coloring, RandomSource random) {
        Objects.requireNonNull(coloring, "coloring");
        Objects.requireNonNull(random, "random");
        return new Colorer(coloring, random);
    }

    /** The lane for {@code request}: the first matching rule's, else the default lane. Allocation-free. */
    public ColoringOutcome color(RequestView request) {
        if (index != null) {
            int i = index.firstMatch(request);
            return i < 0 ? defaultOutcome : ruleOutcomes[i];
        }
        for (int i = 0; i < conditions.length; i++) {
            if (conditions[i].test(request)) {
                return ruleOutcomes[i];
            }
        }
        return defaultOutcome;
    }

    /**
     * The slow path: the same decision as {@link #color} (given the same random draws), with each rule
     * evaluated up to and including the match and why it did or did not hold. For the CLI, the admin
     * API and debugging, not for every request.
     */
    public ColoringTrace explain(RequestView request) {
        List<Rule> rules = coloring.rules();
        List<RuleTrace> traces = new ArrayList<>(conditions.length);
        for (int i = 0; i < conditions.length; i++) {
            Rule rule = rules.get(i);
            ConditionTrace trace = conditions[i].explain(request);
            traces.add(new RuleTrace(rule.name(), i, rule.lane(), trace.matched(), trace));
            if (trace.matched()) {
                return new ColoringTrace(ruleOutcomes[i], traces);
            }
        }
        return new ColoringTrace(defaultOutcome, traces);
    }

    /** Every outcome {@link #color} can return: one per rule in order, then the default lane's. */
    public List<ColoringOutcome> outcomes() {
        List<ColoringOutcome> all = new ArrayList<>(List.of(ruleOutcomes));
        all.add(defaultOutcome);
        return List.copyOf(all);
    }

    /** Whether {@link #color} looks rules up by request values rather than trying each (for tests). */
    boolean indexed() {
        return index != null;
    }

    /** The configuration this colorer was compiled from. */
    public Coloring coloring() {
        return coloring;
    }
}
