package io.graylane.bench;

import io.graylane.core.rule.Colorer;
import io.graylane.core.rule.ColoringOutcome;
import io.graylane.core.rule.MapRequestView;
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

import java.util.concurrent.TimeUnit;

/** Coloring alone (no routing), to split {@link ColorAndRouteBenchmark}'s cost between the two steps. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ColorBenchmark {

    @State(Scope.Benchmark)
    public static class Rules {
        @Param({"10", "100", "1000"})
        int rules;

        @Param({"early", "late", "none"})
        String shape;

        Colorer colorer;
        MapRequestView[] requests;

        @Setup(Level.Trial)
        public void setUp() {
            RuleMix mix = RuleMix.generate(rules, 20_261_101L);
            colorer = Colorer.compile(mix.coloring());
            requests = mix.requests(RuleMix.Shape.valueOf(shape.toUpperCase()), ColorAndRouteBenchmark.REQUESTS, 99L);
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public ColoringOutcome color(Rules r, Cursor c) {
        return r.colorer.color(r.requests[c.next++ & (ColorAndRouteBenchmark.REQUESTS - 1)]);
    }
}
