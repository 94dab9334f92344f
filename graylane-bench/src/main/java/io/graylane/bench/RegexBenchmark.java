package io.graylane.bench;

import io.graylane.core.config.Coloring;
import io.graylane.core.rule.Colorer;
import io.graylane.core.rule.ColoringOutcome;
import io.graylane.core.rule.Condition;
import io.graylane.core.rule.MapRequestView;
import io.graylane.core.rule.Rule;
import io.graylane.core.rule.ValueMatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a regex costs against the equivalent prefix: ten rules on {@code X-Client-Version}, each
 * {@code prefix "9.<i>."} or {@code regex "9\.<i>\..*"}, against a request that matches the last
 * rule and one that matches none. RE2J allocates per match, which {@code -prof gc} shows as B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RegexBenchmark {

    @State(Scope.Benchmark)
    public static class Rules {
        @Param({"prefix", "regex"})
        String match;

        Colorer colorer;
        MapRequestView last;
        MapRequestView none;

        @Setup(Level.Trial)
        public void setUp() {
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ValueMatch m = match.equals("regex") ? new ValueMatch.Regex("9\\." + i + "\\..*")
                        : new ValueMatch.Prefix("9." + i + ".");
                rules.add(new Rule("r" + i, new Condition.Header("X-Client-Version", m), "canary"));
            }
            colorer = Colorer.compile(new Coloring("stable", rules));
            last = MapRequestView.builder().header("X-Client-Version", "9.9.17").build();
            none = MapRequestView.builder().header("X-Client-Version", "1.4.2").build();
        }
    }

    @Benchmark
    public ColoringOutcome lastOfTen(Rules r) {
        return r.colorer.color(r.last);
    }

    @Benchmark
    public ColoringOutcome noneOfTen(Rules r) {
        return r.colorer.color(r.none);
    }
}
