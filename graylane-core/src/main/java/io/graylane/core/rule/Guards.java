package io.graylane.core.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Load-time analysis behind {@link RuleIndex}: for each rule, a set of <em>guards</em> — look-ups
 * of one request value (a header, cookie, query parameter or the path) that equals one of a few
 * values or starts with a prefix — such that the rule can only hold when at least one guard does.
 * Only rules without {@link Condition.Random} get guards, so skipping a rule never skips a random
 * draw. Stateless.
 */
final class Guards {

    private Guards() {
    }

    /** Where a guarded value is read from. */
    enum Source { HEADER, COOKIE, QUERY, PATH }

    /** One readable request value: header names lower case (as {@link RequestNodes.HeaderNode} reads them), path has name "". */
    record Key(Source source, String name) {

        String read(RequestView request) {
            return switch (source) {
                case HEADER -> request.lowerCaseHeader(name);
                case COOKIE -> request.cookie(name);
                case QUERY -> request.query(name);
                case PATH -> request.path();
            };
        }
    }

    /**
     * The value at {@code key} is one of {@code values} (when not null) or starts with {@code prefix}
     * (when not null); either way an absent value fails it, as the value matchers do.
     */
    record Guard(Key key, Set<String> values, String prefix) {
    }

    /** The rule's guards, at least one of which holds whenever the rule does, or {@code null} if none are known. */
    record Analysis(List<Guard> guards, boolean sufficient) {
    }

    /**
     * Analyses every rule. {@code sufficient} says the rule holds whenever any one of its guards does
     * (a guard leaf, or any-of over guard leaves), so a hit in the index decides it without
     * evaluating the condition.
     */
    static Analysis[] analyse(List<Condition> conditions) {
        // How many rules name each (key, value) or (key, prefix): in an all-of, the rarest guard is
        // the one to index on, since a popular value ("device=android") makes a long candidate list.
        Map<Object, Integer> popularity = new HashMap<>();
        for (Condition c : conditions) {
            countLeaves(c, popularity);
        }
        Analysis[] out = new Analysis[conditions.size()];
        for (int i = 0; i < out.length; i++) {
            Condition c = conditions.get(i);
            List<Guard> guards = hasRandom(c) ? null : guards(c, popularity);
            out[i] = guards == null ? null : new Analysis(guards, leafGuard(c) != null || anyOfLeaves(c));
        }
        return out;
    }

    private static boolean anyOfLeaves(Condition c) {
        if (!(c instanceof Condition.AnyOf any)) {
            return false;
        }
        for (Condition child : any.conditions()) {
            if (leafGuard(child) == null) {
                return false;
            }
        }
        return true;
    }

    private static List<Guard> guards(Condition c, Map<Object, Integer> popularity) {
        Guard leaf = leafGuard(c);
        if (leaf != null) {
            return List.of(leaf);
        }
        if (c instanceof Condition.AllOf all) {
            List<Guard> best = null;
            long bestCost = Long.MAX_VALUE;
            for (Condition child : all.conditions()) {
                List<Guard> g = guards(child, popularity);
                if (g != null) {
                    long cost = cost(g, popularity);
                    if (cost < bestCost) {
                        best = g;
                        bestCost = cost;
                    }
                }
            }
            return best;
        }
        if (c instanceof Condition.AnyOf any) {
            List<Guard> union = new ArrayList<>();
            for (Condition child : any.conditions()) {
                List<Guard> g = guards(child, popularity);
                if (g == null) {
                    return null;        // one unguarded alternative can hold on its own
                }
                union.addAll(g);
            }
            return union;
        }
        return null;                    // not, method, client network, sticky: nothing to look up
    }

    private static long cost(List<Guard> guards, Map<Object, Integer> popularity) {
        long cost = 0;
        for (Guard g : guards) {
            if (g.values() != null) {
                for (String v : g.values()) {
                    cost += popularity.getOrDefault(List.of(g.key(), v), 1);
                }
            } else {
                // A prefix says less about a value than equality does: prefer equality on ties.
                cost += popularity.getOrDefault(List.of(g.key(), g.prefix(), "prefix"), 1) + 1;
            }
        }
        return cost;
    }

    private static void countLeaves(Condition c, Map<Object, Integer> popularity) {
        Guard g = leafGuard(c);
        if (g != null) {
            if (g.values() != null) {
                for (String v : g.values()) {
                    popularity.merge(List.of(g.key(), v), 1, Integer::sum);
                }
            } else {
                popularity.merge(List.of(g.key(), g.prefix(), "prefix"), 1, Integer::sum);
            }
        } else if (c instanceof Condition.AllOf all) {
            all.conditions().forEach(child -> countLeaves(child, popularity));
        } else if (c instanceof Condition.AnyOf any) {
            any.conditions().forEach(child -> countLeaves(child, popularity));
        } else if (c instanceof Condition.Not not) {
            countLeaves(not.condition(), popularity);
        }
    }

    /** The guard that is exactly {@code c}, for a value condition with equals, in or prefix; else {@code null}. */
    static Guard leafGuard(Condition c) {
        if (c instanceof Condition.Header h) {
            return guard(new Key(Source.HEADER, h.name().toLowerCase(Locale.ROOT)), h.match());
        }
        if (c instanceof Condition.Cookie k) {
            return guard(new Key(Source.COOKIE, k.name()), k.match());
        }
        if (c instanceof Condition.Query q) {
            return guard(new Key(Source.QUERY, q.name()), q.match());
        }
        if (c instanceof Condition.Path p) {
            return guard(new Key(Source.PATH, ""), p.match());
        }
        return null;
    }

    private static Guard guard(Key key, ValueMatch match) {
        if (match instanceof ValueMatch.Equals m) {
            return new Guard(key, Set.of(m.value()), null);
        }
        if (match instanceof ValueMatch.In m) {
            return new Guard(key, m.values(), null);
        }
        if (match instanceof ValueMatch.Prefix m) {
            return new Guard(key, null, m.prefix());
        }
        return null;                    // regex, present, absent
    }

    /** Whether evaluating {@code c} may draw a random number: such rules must be evaluated in order. */
    static boolean hasRandom(Condition c) {
        if (c instanceof Condition.Random) {
            return true;
        }
        if (c instanceof Condition.AllOf all) {
            return all.conditions().stream().anyMatch(Guards::hasRandom);
        }
        if (c instanceof Condition.AnyOf any) {
            return any.conditions().stream().anyMatch(Guards::hasRandom);
        }
        if (c instanceof Condition.Not not) {
            return hasRandom(not.condition());
        }
        return false;
    }
}
