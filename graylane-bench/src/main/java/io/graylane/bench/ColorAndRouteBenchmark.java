package io.graylane.bench;

import io.graylane.core.route.Decision;
import io.graylane.core.route.RoutingTable;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The per-request routing decision: color the request (first matching rule wins), then resolve the
 * lane for the target service and pick a weighted instance. Requests are prebuilt and cycled; each
 * thread has its own {@link SplittableRandom}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ColorAndRouteBenchmark {

    /** Distinct prebuilt requests per trial (a power of two: cycled with a mask). */
    static final int REQUESTS = 64;

    @State(Scope.Benchmark)
    public static class Engine {
        @Param({"10", "100", "1000"})
        int rules;

        @Param({"1000", "10000"})
        int instances;

        @Param({"early", "late", "none"})
        String shape;

        Colorer colorer;
        RoutingTable table;
        MapRequestView[] requests;
        String[] services;

        @Setup(Level.Trial)
        public void setUp() {
            RuleMix mix = RuleMix.generate(rules, 20_261_101L);
            colorer = Colorer.compile(mix.coloring());
            table = Fleet.table(instances, 7L);
            requests = mix.requests(RuleMix.Shape.valueOf(shape.toUpperCase()), REQUESTS, 99L);
            services = new String[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                services[i] = Fleet.SERVICES[i % Fleet.SERVICES.length];
            }
        }
    }

    @State(Scope.Thread)
    public static class PerThread {
        final SplittableRandom random = new SplittableRandom(12_345L);
        int next;
    }

    @Benchmark
    public Decision colorAndDecide(Engine e, PerThread t) {
        int i = t.next++ & (REQUESTS - 1);
        ColoringOutcome outcome = e.colorer.color(e.requests[i]);
        return e.table.decide(e.services[i], outcome.lane(), t.random);
    }
}
