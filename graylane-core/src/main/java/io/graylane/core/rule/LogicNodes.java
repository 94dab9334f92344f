package io.graylane.core.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiled all-of, any-of and not. Children live in arrays and are evaluated in order with
 * short-circuit; {@link #explain} stops where {@link #test} stops, so random draws line up.
 * Immutable and thread-safe when the children are.
 */
final class LogicNodes {

    private LogicNodes() {
    }

    /** Every child holds; an empty all-of holds. */
    static final class AllOfNode extends ConditionNode {
        private final ConditionNode[] children;

        AllOfNode(ConditionNode[] children) {
            this.children = children;
        }

        @Override
        public boolean test(RequestView request) {
            for (ConditionNode child : children) {
                if (!child.test(request)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public ConditionTrace explain(RequestView request) {
            return explainShortCircuit("allOf", children, false, request);
        }
    }

    /** At least one child holds. */
    static final class AnyOfNode extends ConditionNode {
        private final ConditionNode[] children;

        AnyOfNode(ConditionNode[] children) {
            this.children = children;
        }

        @Override
        public boolean test(RequestView request) {
            for (ConditionNode child : children) {
                if (child.test(request)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public ConditionTrace explain(RequestView request) {
            return explainShortCircuit("anyOf", children, true, request);
        }
    }

    /** The child does not hold. */
    static final class NotNode extends ConditionNode {
        private final ConditionNode child;

        NotNode(ConditionNode child) {
            this.child = child;
        }

        @Override
        public boolean test(RequestView request) {
            return !child.test(request);
        }

        @Override
        public ConditionTrace explain(RequestView request) {
            ConditionTrace inner = child.explain(request);
            boolean matched = !inner.matched();
            return new ConditionTrace("not" + ConditionTrace.verdict(matched), matched, List.of(inner));
        }
    }

    /**
     * Evaluates children in order until one yields {@code decisive} (false for all-of, true for
     * any-of), then names that child and how many were skipped.
     */
    private static ConditionTrace explainShortCircuit(String name, ConditionNode[] children, boolean decisive,
                                                      RequestView request) {
        List<ConditionTrace> traces = new ArrayList<>(children.length);
        for (int i = 0; i < children.length; i++) {
            ConditionTrace trace = children[i].explain(request);
            traces.add(trace);
            if (trace.matched() == decisive) {
                int skipped = children.length - i - 1;
                String why = " (#" + i + (decisive ? " held" : " failed")
                        + (skipped == 0 ? ")" : ", " + skipped + " more not evaluated)");
                return new ConditionTrace(name + why + ConditionTrace.verdict(decisive), decisive, traces);
            }
        }
        String empty = children.length == 0 ? " (empty)" : "";
        return new ConditionTrace(name + empty + ConditionTrace.verdict(!decisive), !decisive, traces);
    }
}
