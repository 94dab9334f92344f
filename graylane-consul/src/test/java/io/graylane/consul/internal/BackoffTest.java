package io.graylane.consul.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void delaysDoubleWithEachErrorWithinHalfToFullOfTheStep() {
        long seed = System.nanoTime();
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new SplittableRandom(seed));
        for (int errors = 1; errors <= 6; errors++) {
            long step = 100_000_000L << (errors - 1);
            for (int i = 0; i < 100; i++) {
                assertThat(backoff.delayNanos(errors)).as("seed %d, errors %d", seed, errors)
                        .isBetween(step / 2, step);
            }
        }
    }

    @Test
    void theDelayIsBoundedByTheMaximumHoweverManyErrors() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new SplittableRandom(7));
        for (int errors : new int[] {10, 40, 1000, Integer.MAX_VALUE}) {
            assertThat(backoff.delayNanos(errors)).isBetween(1_000_000_000L, 2_000_000_000L);
        }
    }

    @Test
    void delaysAreJitteredSoClientsThatFailedTogetherDoNotRetryTogether() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(42));
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> backoff.delayNanos(3)).distinct().count();
        assertThat(distinct).isGreaterThan(40);
    }
}
