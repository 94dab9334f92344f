package io.graylane.bench.swap;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of durations in nanoseconds, formatted in milliseconds. Not thread-safe. */
final class Percentiles {

    private final long[] sorted;

    Percentiles(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    /** The nearest-rank {@code p}th percentile in milliseconds. */
    double ms(double p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }

    double maxMs() {
        return sorted[sorted.length - 1] / 1e6;
    }

    /** {@code n=… p50=… p90=… p99=… max=…} in milliseconds. */
    String line() {
        return String.format("n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms",
                sorted.length, ms(50), ms(90), ms(99), maxMs());
    }
}
