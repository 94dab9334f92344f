package io.graylane.consul.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with "equal jitter": after the n-th consecutive error the delay is
 * {@code d/2 + random(0, d/2)} where {@code d = min(max, initial * 2^(n-1))}. Half of each delay is
 * fixed, so a failing server is never hammered; half is random, so many clients that failed together
 * do not retry together. Immutable and thread-safe if the random generator is.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay in nanoseconds before retrying after {@code consecutiveErrors} (>= 1) errors in a row. */
    public long delayNanos(int consecutiveErrors) {
        int shift = Math.max(0, Math.min(consecutiveErrors - 1, 40));
        long d = initialNanos;
        for (int i = 0; i < shift && d < maxNanos; i++) {
            d = d > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : d * 2;
        }
        d = Math.min(d, maxNanos);
        long half = d / 2;
        return half + (half > 0 ? random.nextLong(half + 1) : 0);
    }
}
