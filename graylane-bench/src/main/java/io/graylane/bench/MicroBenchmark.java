package io.graylane.bench;

import io.graylane.core.model.Instance;
import io.graylane.core.route.RoutingTable;
import io.graylane.core.route.WeightedPicker;
import io.graylane.core.rule.StickyHash;
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

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** The two building blocks alone: the sticky bucket of a key, and a weighted instance pick. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MicroBenchmark {

    @State(Scope.Benchmark)
    public static class Keys {
        /** Typical user ids (13 ASCII chars) hashed under a typical salt. */
        final String[] keys = new String[64];

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom r = new SplittableRandom(1L);
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "user-" + (10_000_000 + r.nextInt(90_000_000));
            }
        }
    }

    @State(Scope.Thread)
    public static class PerThread {
        final SplittableRandom random = new SplittableRandom(12_345L);
        int next;
    }

    @Benchmark
    public int stickyBucket(Keys k, PerThread t) {
        return StickyHash.bucket("rollout-2026", k.keys[t.next++ & 63]);
    }

    @State(Scope.Benchmark)
    public static class Picker {
        /** Healthy instances behind one picker (the whole service's stable subset). */
        @Param({"125", "1250"})
        int size;

        WeightedPicker picker;

        @Setup(Level.Trial)
        public void setUp() {
            // The stable lane of the "search" service (no canary): size healthy-ish instances, mixed weights.
            RoutingTable table = Fleet.table(size * Fleet.SERVICES.length, 7L);
            List<Instance> subset = table.service("search").resolve("stable").subset();
            picker = WeightedPicker.of(subset);
        }
    }

    @Benchmark
    public Instance weightedPick(Picker p, PerThread t) {
        return p.picker.pick(t.random);
    }
}
