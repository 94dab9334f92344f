package io.graylane.core.rule;

import io.graylane.core.config.Coloring;
import io.graylane.core.net.Cidr;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexed {@link Colorer} gives exactly what trying every rule in order gives — the same rule,
 * and the same random draws — over random rule sets and random requests drawn from a small
 * vocabulary, so that matches, near misses, case variants and overlaps are frequent.
 */
class ColorerEquivalenceTest {

    private static final String[] HEADERS = {"X-A", "x-a", "X-B", "X-C"};
    private static final String[] VALUES = {"", "1", "2", "12", "beta", "b"};
    private static final String[] PREFIXES = {"", "1", "b", "be", "12"};
    private static final String[] COOKIES = {"c1", "C1", "c2"};
    private static final String[] QUERIES = {"q1", "q2"};
    private static final String[] PATHS = {"/", "/a", "/a/b", "/ab", "/b", "/a/bc"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    private static final String[] CLIENTS = {null, "10.1.2.3", "10.2.3.4", "192.168.0.1", "::1"};

    @Test
    void indexedColoringAgreesWithTryingEveryRuleInOrder() {
        long seed = Seeds.seed("indexedColoringAgreesWithTryingEveryRuleInOrder");
        SplittableRandom r = new SplittableRandom(seed);
        int indexed = 0;
        int matched = 0;
        int late = 0;
        for (int set = 0; set < 250; set++) {
            List<Rule> rules = new ArrayList<>();
            int n = r.nextInt(41);
            boolean randomAllowed = r.nextInt(3) == 0;
            for (int i = 0; i < n; i++) {
                rules.add(new Rule("r" + i, condition(r, 0, randomAllowed), "lane" + (i % 3)));
            }
            Coloring coloring = new Coloring("stable", rules);
            long drawSeed = r.nextLong();
            CountingRandom forIndexed = new CountingRandom(drawSeed);
            CountingRandom forNaive = new CountingRandom(drawSeed);
            Colorer colorer = Colorer.compile(coloring, forIndexed);
            List<CompiledCondition> naive = new ArrayList<>();
            for (Rule rule : rules) {
                naive.add(Conditions.compile(rule.when(), forNaive));
            }
            indexed += colorer.indexed() ? 1 : 0;
            for (int q = 0; q < 40; q++) {
                MapRequestView request = request(r);
                int expected = -1;
                for (int i = 0; i < naive.size() && expected < 0; i++) {
                    if (naive.get(i).test(request)) {
                        expected = i;
                    }
                }
                ColoringOutcome outcome = colorer.color(request);
                assertThat(outcome.ruleIndex()).as("seed %d, rules %s, request %s", seed, rules, request)
                        .isEqualTo(expected);
                assertThat(forIndexed.draws).as("random draws, seed %d, rules %s, request %s", seed, rules, request)
                        .isEqualTo(forNaive.draws);
                matched += expected >= 0 ? 1 : 0;
                late += expected >= 5 ? 1 : 0;
            }
        }
        assertThat(indexed).as("rule sets that used the index, seed %d", seed).isGreaterThan(150);
        assertThat(matched).as("requests that matched a rule, seed %d", seed).isBetween(1_000, 9_800);
        assertThat(late).as("requests whose first match was rule 5 or later, seed %d", seed).isGreaterThan(300);
    }

    @Test
    void anEarlierUnindexedRuleBeatsALaterIndexedMatch() {
        Colorer colorer = Colorer.compile(new Coloring("stable", List.of(
                new Rule("post", new Condition.Method(Set.of("POST")), "a"),
                new Rule("beta", new Condition.Header("X-Group", new ValueMatch.Equals("beta")), "b"),
                new Rule("get", new Condition.Method(Set.of("GET")), "c"))));
        assertThat(colorer.indexed()).isTrue();
        assertThat(colorer.color(MapRequestView.builder().method("POST").header("X-Group", "beta").build()).rule())
                .isEqualTo("post");
        assertThat(colorer.color(MapRequestView.builder().method("GET").header("X-Group", "beta").build()).rule())
                .isEqualTo("beta");
        assertThat(colorer.color(MapRequestView.builder().method("GET").header("X-Group", "gamma").build()).rule())
                .isEqualTo("get");
    }

    @Test
    void aRandomRuleAfterAnIndexedMatchDrawsNothing() {
        CountingRandom random = new CountingRandom(1);
        Colorer colorer = Colorer.compile(new Coloring("stable", List.of(
                new Rule("beta", new Condition.Header("X-Group", new ValueMatch.Equals("beta")), "b"),
                new Rule("coin", new Condition.Random(5000), "c"))), random);
        colorer.color(MapRequestView.builder().header("X-Group", "beta").build());
        assertThat(random.draws).isZero();
        colorer.color(MapRequestView.builder().header("X-Group", "gamma").build());
        assertThat(random.draws).isOne();
    }

    private static Condition condition(SplittableRandom r, int depth, boolean randomAllowed) {
        int roll = r.nextInt(depth < 3 ? 100 : 80);
        if (roll < 30) {
            return new Condition.Header(pick(r, HEADERS), valueMatch(r));
        }
        if (roll < 40) {
            return new Condition.Cookie(pick(r, COOKIES), valueMatch(r));
        }
        if (roll < 47) {
            return new Condition.Query(pick(r, QUERIES), valueMatch(r));
        }
        if (roll < 57) {
            return switch (r.nextInt(4)) {
                case 0 -> new Condition.Path(new ValueMatch.Equals(pick(r, PATHS)));
                case 1 -> new Condition.Path(new ValueMatch.Prefix(pick(r, PATHS)));
                case 2 -> new Condition.Path(ValueMatch.In.of(List.of(pick(r, PATHS), pick(r, PATHS))));
                default -> new Condition.Path(new ValueMatch.Regex("/a.*"));
            };
        }
        if (roll < 62) {
            return new Condition.Method(Set.copyOf(List.of(pick(r, METHODS), pick(r, METHODS))));
        }
        if (roll < 66) {
            return new Condition.ClientCidr(List.of(Cidr.parse(pick(r, new String[] {"10.0.0.0/8", "10.1.0.0/16", "::1/128"}))));
        }
        if (roll < 71) {
            StickyKey key = r.nextBoolean() ? StickyKey.parse("header:X-A") : StickyKey.parse("cookie:c1");
            return new Condition.Sticky(key, r.nextInt(10_001), r.nextBoolean() ? "" : "salt");
        }
        if (roll < 76) {
            return randomAllowed ? new Condition.Random(r.nextInt(10_001)) : new Condition.Header("X-B", new ValueMatch.Present());
        }
        if (roll < 80) {
            return new Condition.Not(condition(r, depth + 1, randomAllowed));
        }
        List<Condition> children = new ArrayList<>();
        boolean all = roll < 90;
        int count = (all ? 0 : 1) + r.nextInt(3);
        for (int i = 0; i < count; i++) {
            children.add(condition(r, depth + 1, randomAllowed));
        }
        return all ? new Condition.AllOf(children) : new Condition.AnyOf(children);
    }

    private static ValueMatch valueMatch(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> new ValueMatch.Equals(pick(r, VALUES));
            case 4, 5 -> ValueMatch.In.of(List.of(pick(r, VALUES), pick(r, VALUES), pick(r, VALUES)));
            case 6, 7 -> new ValueMatch.Prefix(pick(r, PREFIXES));
            case 8 -> r.nextBoolean() ? new ValueMatch.Present() : new ValueMatch.Absent();
            default -> new ValueMatch.Regex("b.*");
        };
    }

    private static MapRequestView request(SplittableRandom r) {
        MapRequestView.Builder b = MapRequestView.builder().method(pick(r, METHODS)).path(pick(r, PATHS));
        for (String name : new String[] {"X-A", "X-B", "X-C"}) {
            if (r.nextInt(3) > 0) {
                b.header(r.nextBoolean() ? name : name.toLowerCase(), pick(r, VALUES));
            }
        }
        for (String name : COOKIES) {
            if (r.nextBoolean()) {
                b.cookie(name, pick(r, VALUES));
            }
        }
        for (String name : QUERIES) {
            if (r.nextBoolean()) {
                b.query(name, pick(r, VALUES));
            }
        }
        String client = pick(r, CLIENTS);
        if (client != null) {
            b.clientAddress(client);
        }
        return b.build();
    }

    private static String pick(SplittableRandom r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    /** Seeded draws, counted, so that two colorers can be shown to draw exactly alike. */
    private static final class CountingRandom implements RandomSource {
        private final SplittableRandom random;
        int draws;

        CountingRandom(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public int nextBasisPoint() {
            draws++;
            return random.nextInt(10_000);
        }
    }
}
