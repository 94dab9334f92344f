package io.graylane.core.rule;

import io.graylane.core.config.Coloring;
import io.graylane.core.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ColorerTest {

    private static final Coloring COLORING = new Coloring("stable", List.of(
            new Rule("beta-users", new Condition.Header("X-User-Group", new ValueMatch.Equals("beta")), "canary"),
            new Rule("vip", new Condition.Cookie("tier", ValueMatch.In.of(List.of("gold", "platinum"))), "beta-vip"),
            new Rule("office", new Condition.AllOf(List.of(
                    new Condition.ClientCidr(List.of(Cidr.parse("10.0.0.0/8"))),
                    new Condition.Not(new Condition.Method(Set.of("DELETE"))))), "canary"),
            new Rule("sticky-5", new Condition.Sticky(StickyKey.parse("header:X-User-ID"), 500, "rollout-1"), "canary"),
            new Rule("any-beta", new Condition.Header("X-User-Group", new ValueMatch.Prefix("be")), "feature-x")));

    @ParameterizedTest(name = "{0} → {1} by {2}")
    @CsvSource(delimiter = '|', value = {
            "X-User-Group=beta                  | canary   | 0",
            "X-User-Group=beta;cookie:tier=gold | canary   | 0",
            "cookie:tier=gold                   | beta-vip | 1",
            "client=10.9.9.9                    | canary   | 2",
            "client=10.9.9.9;method=DELETE      | stable   | -1",
            "X-User-Group=bet                   | feature-x | 4",
            "''                                 | stable   | -1",
    })
    void theFirstMatchingRuleWinsElseTheDefaultLane(String request, String lane, int ruleIndex) {
        ColoringOutcome outcome = Colorer.compile(COLORING).color(parse(request));
        assertThat(outcome.lane()).isEqualTo(lane);
        assertThat(outcome.ruleIndex()).isEqualTo(ruleIndex);
        assertThat(outcome.isDefault()).isEqualTo(ruleIndex < 0);
    }

    @Test
    void outcomesArePrecomputedAndShared() {
        Colorer colorer = Colorer.compile(COLORING);
        ColoringOutcome first = colorer.color(parse("X-User-Group=beta"));
        assertThat(colorer.color(parse("X-User-Group=beta"))).isSameAs(first);
        assertThat(first).isEqualTo(new ColoringOutcome("canary", "beta-users", 0, "rule 'beta-users' (#0)"));
        assertThat(colorer.color(parse(""))).isSameAs(colorer.color(parse("method=POST")))
                .isEqualTo(new ColoringOutcome("stable", null, -1, "default lane"));
        assertThat(colorer.outcomes()).hasSize(6).startsWith(first).endsWith(colorer.color(parse("")));
    }

    @Test
    void aColoringWithoutRulesAlwaysGivesTheDefaultLane() {
        Colorer colorer = Colorer.compile(new Coloring("stable", List.of()));
        assertThat(colorer.color(parse("X-User-Group=beta")).lane()).isEqualTo("stable");
        assertThat(colorer.explain(parse("X-User-Group=beta")).rules()).isEmpty();
    }

    @Test
    void explainListsEachRuleUpToTheMatchWithItsReasons() {
        ColoringTrace trace = Colorer.compile(COLORING).explain(parse("X-User-Group=beta;X-User-ID=user-42;client=192.168.1.1"));
        assertThat(trace.render()).isEqualTo("""
                lane canary: rule 'beta-users' (#0)
                  #0 'beta-users' → canary: yes
                    header X-User-Group = "beta" equals "beta": yes
                """);

        ColoringTrace miss = Colorer.compile(COLORING).explain(parse("X-User-ID=user-0;client=192.168.1.1"));
        assertThat(miss.outcome().isDefault()).isTrue();
        assertThat(miss.render()).isEqualTo("""
                lane stable: default lane
                  #0 'beta-users' → canary: no
                    header X-User-Group absent: no
                  #1 'vip' → beta-vip: no
                    cookie tier absent: no
                  #2 'office' → canary: no
                    allOf (#0 failed, 1 more not evaluated): no
                      clientCidr 192.168.1.1 in [10.0.0.0/8]: no
                  #3 'sticky-5' → canary: no
                    sticky header:X-User-ID salt "rollout-1" bucket %d < 500: no
                  #4 'any-beta' → feature-x: no
                    header X-User-Group absent: no
                """.formatted(StickyHash.bucket("rollout-1", "user-0")));
        assertThat(miss.rules()).extracting(RuleTrace::index).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void explainGivesTheSameAnswerAsColorForTheSameRequestsAndDraws() {
        Coloring coloring = new Coloring("stable", List.of(
                new Rule("coin-and-group", new Condition.AllOf(List.of(
                        new Condition.Random(5000),
                        new Condition.Header("X-User-Group", new ValueMatch.Equals("beta")))), "canary"),
                new Rule("not-coin-or-cookie", new Condition.AnyOf(List.of(
                        new Condition.Cookie("tier", new ValueMatch.Present()),
                        new Condition.Not(new Condition.Random(3000)))), "beta-vip"),
                new Rule("sticky-30", new Condition.Sticky(StickyKey.parse("query:user"), 3000, ""), "feature-x"),
                new Rule("one-percent", new Condition.Random(100), "canary-1")));
        long seed = Seeds.seed("explainGivesTheSameAnswerAsColorForTheSameRequestsAndDraws");
        SplittableRandom forColor = new SplittableRandom(seed);
        SplittableRandom forExplain = new SplittableRandom(seed);
        Colorer colorer = Colorer.compile(coloring, () -> forColor.nextInt(10_000));
        Colorer explainer = Colorer.compile(coloring, () -> forExplain.nextInt(10_000));
        SplittableRandom requests = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] perRule = new int[coloring.rules().size() + 1];
        for (int i = 0; i < 20_000; i++) {
            MapRequestView.Builder b = MapRequestView.builder();
            if (requests.nextBoolean()) {
                b.header("X-User-Group", requests.nextBoolean() ? "beta" : "gamma");
            }
            if (requests.nextInt(4) == 0) {
                b.cookie("tier", "gold");
            }
            if (requests.nextBoolean()) {
                b.query("user", "u" + requests.nextInt(1000));
            }
            MapRequestView request = b.build();
            ColoringOutcome colored = colorer.color(request);
            ColoringTrace trace = explainer.explain(request);
            assertThat(trace.outcome()).as("seed %d, request %s", seed, request).isEqualTo(colored);
            assertThat(trace.rules()).hasSize(colored.isDefault() ? coloring.rules().size() : colored.ruleIndex() + 1);
            perRule[colored.isDefault() ? perRule.length - 1 : colored.ruleIndex()]++;
        }
        assertThat(perRule).as("every rule and the default lane are exercised, seed %d", seed)
                .doesNotContain(0);
    }

    /** {@code Name=value;cookie:name=value;query:name=value;method=M;client=IP}; {@code ''} is an empty request. */
    private static RequestView parse(String spec) {
        MapRequestView.Builder b = MapRequestView.builder();
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            String name = kv[0].trim();
            String value = kv[1].trim();
            if (name.startsWith("cookie:")) {
                b.cookie(name.substring(7), value);
            } else if (name.startsWith("query:")) {
                b.query(name.substring(6), value);
            } else if (name.equals("method")) {
                b.method(value);
            } else if (name.equals("client")) {
                b.clientAddress(value);
            } else {
                b.header(name, value);
            }
        }
        return b.build();
    }
}
