package io.graylane.core.rule;

import java.util.List;
import java.util.Objects;

/**
 * Compiles {@link Condition} trees into {@link CompiledCondition}s once, at load time: RE2 patterns
 * compiled, method and {@code in} sets hashed, header names lower-cased, children in arrays. The
 * result evaluates without allocating (RE2J's own per-match objects aside). Stateless and
 * thread-safe.
 */
public final class Conditions {

    private Conditions() {
    }

    /**
     * Compiles {@code condition}; random conditions draw from {@link RandomSource#threadLocal()}.
     *
     * @throws IllegalArgumentException e.g. {@code regex: a** (expected: RE2 syntax: ...)}
     */
    public static CompiledCondition compile(Condition condition) {
        return compile(condition, RandomSource.threadLocal());
    }

    /**
     * Compiles {@code condition}; random conditions draw from {@code random}.
     *
     * @throws IllegalArgumentException e.g. {@code regex: a** (expected: RE2 syntax: ...)}
     */
    public static CompiledCondition compile(Condition condition, RandomSource random) {
        return node(condition, random);
    }

    static ConditionNode node(Condition condition, RandomSource random) {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(random, "random");
        if (condition instanceof Condition.Header c) {
            return new RequestNodes.HeaderNode(c);
        }
        if (condition instanceof Condition.Cookie c) {
            return new RequestNodes.CookieNode(c);
        }
        if (condition instanceof Condition.Query c) {
            return new RequestNodes.QueryNode(c);
        }
        if (condition instanceof Condition.Path c) {
            return new RequestNodes.PathNode(c);
        }
        if (condition instanceof Condition.Method c) {
            return new RequestNodes.MethodNode(c);
        }
        if (condition instanceof Condition.ClientCidr c) {
            return new RequestNodes.ClientCidrNode(c);
        }
        if (condition instanceof Condition.Sticky c) {
            return new SplitNodes.StickyNode(c);
        }
        if (condition instanceof Condition.Random c) {
            return new SplitNodes.RandomNode(c, random);
        }
        if (condition instanceof Condition.AllOf c) {
            return new LogicNodes.AllOfNode(nodes(c.conditions(), random));
        }
        if (condition instanceof Condition.AnyOf c) {
            return new LogicNodes.AnyOfNode(nodes(c.conditions(), random));
        }
        if (condition instanceof Condition.Not c) {
            return new LogicNodes.NotNode(node(c.condition(), random));
        }
        throw new AssertionError("unknown condition: " + condition);
    }

    private static ConditionNode[] nodes(List<Condition> conditions, RandomSource random) {
        ConditionNode[] nodes = new ConditionNode[conditions.size()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = node(conditions.get(i), random);
        }
        return nodes;
    }
}
