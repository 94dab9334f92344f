package io.graylane.core.rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the first matching rule without trying every rule. Most rules test one request value for
 * equality (or a prefix) with a value of their own, so at load time each rule that {@link Guards}
 * can guard is filed under its guards' values; a request reads each indexed value once and looks up
 * the few rules it could satisfy. Rules with no guard — and every rule that draws random numbers —
 * are tried in order as before.
 *
 * <p>The answer is exactly the first matching rule's, and random draws are exactly those of trying
 * the rules one by one: guarded rules draw nothing, so trying them out of order changes nothing but
 * time, and an unguarded rule is tried only when no earlier rule, guarded or not, has matched — just
 * when the one-by-one walk would try it. Immutable and thread-safe; {@link #firstMatch} allocates
 * nothing.
 */
final class RuleIndex {

    /** One indexed request value and the rules filed under its values and prefixes. */
    static final class KeyIndex {
        final Guards.Key key;
        /** Rules (ascending) by exact value; {@code null} when no rule tests this value for equality. */
        final HashMap<String, int[]> exact;
        /** Rules by prefix; {@code null} when no rule tests this value for a prefix. */
        final PrefixIndex prefixes;
        /** Smallest rule filed here: once a rule before it has matched, the value need not be read. */
        final int first;

        KeyIndex(Guards.Key key, HashMap<String, int[]> exact, PrefixIndex prefixes, int first) {
            this.key = key;
            this.exact = exact;
            this.prefixes = prefixes;
            this.first = first;
        }
    }

    private final ConditionNode[] conditions;
    /** Whether a hit in the index already decides the rule (its condition is its guards). */
    private final boolean[] decided;
    private final KeyIndex[] keys;
    /** Rules tried in order, ascending. */
    private final int[] unguarded;

    private RuleIndex(ConditionNode[] conditions, boolean[] decided, KeyIndex[] keys, int[] unguarded) {
        this.conditions = conditions;
        this.decided = decided;
        this.keys = keys;
        this.unguarded = unguarded;
    }

    /** Indexes {@code rules}, whose compiled forms are {@code conditions} (same order). */
    static RuleIndex build(List<Condition> rules, ConditionNode[] conditions) {
        Guards.Analysis[] analysis = Guards.analyse(rules);
        boolean[] decided = new boolean[rules.size()];
        List<Integer> unguarded = new ArrayList<>();
        Map<Guards.Key, Map<String, TreeSet<Integer>>> exact = new LinkedHashMap<>();
        Map<Guards.Key, Map<String, TreeSet<Integer>>> prefix = new LinkedHashMap<>();
        for (int i = 0; i < analysis.length; i++) {
            Guards.Analysis a = analysis[i];
            if (a == null) {
                unguarded.add(i);
                continue;
            }
            decided[i] = a.sufficient();
            for (Guards.Guard g : a.guards()) {
                if (g.values() != null) {
                    Map<String, TreeSet<Integer>> byValue = exact.computeIfAbsent(g.key(), k -> new HashMap<>());
                    for (String v : g.values()) {
                        byValue.computeIfAbsent(v, k -> new TreeSet<>()).add(i);
                    }
                } else {
                    prefix.computeIfAbsent(g.key(), k -> new HashMap<>())
                            .computeIfAbsent(g.prefix(), k -> new TreeSet<>()).add(i);
                }
            }
        }
        List<Guards.Key> allKeys = new ArrayList<>(exact.keySet());
        for (Guards.Key k : prefix.keySet()) {
            if (!exact.containsKey(k)) {
                allKeys.add(k);
            }
        }
        List<KeyIndex> keys = new ArrayList<>();
        for (Guards.Key k : allKeys) {
            int first = Integer.MAX_VALUE;
            HashMap<String, int[]> byValue = null;
            if (exact.containsKey(k)) {
                byValue = new HashMap<>();
                for (Map.Entry<String, TreeSet<Integer>> e : exact.get(k).entrySet()) {
                    int[] list = toArray(e.getValue());
                    byValue.put(e.getKey(), list);
                    first = Math.min(first, list[0]);
                }
            }
            PrefixIndex byPrefix = null;
            if (prefix.containsKey(k)) {
                Map<String, int[]> lists = new HashMap<>();
                for (Map.Entry<String, TreeSet<Integer>> e : prefix.get(k).entrySet()) {
                    int[] list = toArray(e.getValue());
                    lists.put(e.getKey(), list);
                    first = Math.min(first, list[0]);
                }
                byPrefix = PrefixIndex.of(lists);
            }
            keys.add(new KeyIndex(k, byValue, byPrefix, first));
        }
        // Values whose rules come early are read first, so an early match spares reading the rest.
        keys.sort(Comparator.comparingInt(ki -> ki.first));
        return new RuleIndex(conditions, decided, keys.toArray(new KeyIndex[0]), toArray(unguarded));
    }

    private static int[] toArray(java.util.Collection<Integer> sorted) {
        return sorted.stream().mapToInt(Integer::intValue).toArray();
    }

    /** How many rules are tried in order on every request (the rest only when their values match). */
    int unguardedCount() {
        return unguarded.length;
    }

    /** The index of the first rule that holds for {@code request}, or {@code -1}. Allocation-free. */
    int firstMatch(RequestView request) {
        int best = conditions.length;
        for (KeyIndex k : keys) {
            if (k.first >= best) {
                break;      // keys are sorted by their first rule: no later key can beat best
            }
            String value = k.key.read(request);
            if (value == null) {
                continue;   // every guard (equals, in, prefix) fails on an absent value
            }
            if (k.exact != null) {
                int[] candidates = k.exact.get(value);
                if (candidates != null) {
                    best = firstIn(candidates, best, request);
                }
            }
            if (k.prefixes != null) {
                best = firstByPrefix(k.prefixes, value, best, request);
            }
        }
        // Unguarded rules, in order, up to the best guarded match: each is tried exactly when no
        // earlier rule has matched, as in a one-by-one walk.
        for (int r : unguarded) {
            if (r >= best) {
                break;
            }
            if (conditions[r].test(request)) {
                return r;
            }
        }
        return best == conditions.length ? -1 : best;
    }

    /** The first rule of {@code candidates} (ascending) below {@code best} that holds, else {@code best}. */
    private int firstIn(int[] candidates, int best, RequestView request) {
        for (int r : candidates) {
            if (r >= best) {
                return best;
            }
            if (decided[r] || conditions[r].test(request)) {
                return r;
            }
        }
        return best;
    }

    /**
     * Looks up every prefix length that fits {@code value}: the hash of each leading run of the value
     * is extended one character at a time ({@link String#hashCode}'s polynomial, so it equals the
     * stored prefix's own hash code) and probed without making a substring.
     */
    private int firstByPrefix(PrefixIndex p, String value, int best, RequestView request) {
        int h = 0;
        int pos = 0;
        int n = value.length();
        for (int length : p.lengths) {
            if (length > n) {
                break;
            }
            for (; pos < length; pos++) {
                h = 31 * h + value.charAt(pos);
            }
            int[] candidates = p.find(value, length, h);
            if (candidates != null) {
                best = firstIn(candidates, best, request);
            }
        }
        return best;
    }

    /** An open-addressing table of prefixes keyed by their hash codes; allocation-free look-ups. */
    static final class PrefixIndex {
        /** Distinct prefix lengths, ascending. */
        final int[] lengths;
        private final String[] prefixes;
        private final int[] hashes;
        private final int[][] rules;
        private final int mask;

        private PrefixIndex(int[] lengths, String[] prefixes, int[] hashes, int[][] rules) {
            this.lengths = lengths;
            this.prefixes = prefixes;
            this.hashes = hashes;
            this.rules = rules;
            this.mask = prefixes.length - 1;
        }

        static PrefixIndex of(Map<String, int[]> lists) {
            int size = Integer.highestOneBit(Math.max(4, lists.size() * 2 - 1)) << 1;   // load <= 1/2
            String[] prefixes = new String[size];
            int[] hashes = new int[size];
            int[][] rules = new int[size][];
            TreeSet<Integer> lengths = new TreeSet<>();
            for (Map.Entry<String, int[]> e : lists.entrySet()) {
                String p = e.getKey();
                lengths.add(p.length());
                int slot = spread(p.hashCode()) & (size - 1);
                while (prefixes[slot] != null) {
                    slot = (slot + 1) & (size - 1);
                }
                prefixes[slot] = p;
                hashes[slot] = p.hashCode();
                rules[slot] = e.getValue();
            }
            return new PrefixIndex(toArray(lengths), prefixes, hashes, rules);
        }

        /** Rules whose prefix is {@code value}'s first {@code length} chars (hash {@code h}), or {@code null}. */
        int[] find(String value, int length, int h) {
            for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
                String p = prefixes[slot];
                if (p == null) {
                    return null;
                }
                if (hashes[slot] == h && p.length() == length && value.startsWith(p)) {
                    return rules[slot];
                }
            }
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }
    }
}
