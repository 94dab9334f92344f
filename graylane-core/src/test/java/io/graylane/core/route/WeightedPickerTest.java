package io.graylane.core.route;

import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class WeightedPickerTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void everyInstanceIsPickedWithProbabilityExactlyItsShareOfTheWeight(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Instance> list = new ArrayList<>();
        int n = 2 + r.nextInt(9);
        for (int i = 0; i < n; i++) {
            list.add(instance("i" + i, r.nextInt(1, 20)));
        }
        WeightedPicker picker = WeightedPicker.of(list);
        // Enumerate every possible draw: each (column, offset) pair is equally likely.
        Map<String, Long> picks = new HashMap<>();
        long total = picker.totalWeight();
        for (int column = 0; column < n; column++) {
            for (long offset = 0; offset < total; offset++) {
                picks.merge(picker.pick(new Scripted(column, offset)).id(), 1L, Long::sum);
            }
        }
        for (Instance i : list) {
            assertThat(picks.getOrDefault(i.id(), 0L)).as("%s of %s", i, list).isEqualTo((long) i.weight() * n);
        }
    }

    @Test
    void equalWeightsAreOneUniformDraw() {
        WeightedPicker picker = WeightedPicker.of(List.of(instance("a", 5), instance("b", 5), instance("c", 5)));
        assertThat(picker.pick(new Scripted(2, -1)).id()).isEqualTo("c");
    }

    @Test
    void zeroWeightsAreSkippedUnlessAllAreZero() {
        WeightedPicker mixed = WeightedPicker.of(List.of(instance("a", 0), instance("b", 3), instance("c", 1)));
        assertThat(mixed.size()).isEqualTo(2);
        assertThat(mixed.totalWeight()).isEqualTo(4);
        WeightedPicker zero = WeightedPicker.of(List.of(instance("a", 0), instance("b", 0)));
        assertThat(zero.size()).isEqualTo(2);
        assertThat(zero.pick(new Scripted(1, -1)).id()).isEqualTo("b");
    }

    private static Instance instance(String id, int weight) {
        return new Instance("orders", id, "127.0.0.1", 8080, Health.PASSING, weight, "dc1", Map.of());
    }

    /** Answers the first bounded draw with {@code first} and the second with {@code second}. */
    private static final class Scripted implements RandomGenerator {
        private final long[] draws;
        private int next;

        Scripted(long first, long second) {
            this.draws = new long[] {first, second};
        }

        @Override
        public int nextInt(int bound) {
            return (int) nextLong(bound);
        }

        @Override
        public long nextLong(long bound) {
            long d = draws[next++];
            assertThat(d).isBetween(0L, bound - 1);
            return d;
        }

        @Override
        public long nextLong() {
            throw new AssertionError("only bounded draws are expected");
        }
    }
}
