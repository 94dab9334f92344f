package io.graylane.consul;

import io.graylane.consul.internal.GoDuration;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Watch} re-queries: the blocking wait, the token bucket that rate-limits re-queries and
 * the bounds of the jittered exponential back-off after errors. Immutable; built with
 * {@link #builder()}, which checks each argument as it is set.
 *
 * @param waitTime       blocking wait of each read, or {@code null} for the client's default wait
 * @param ratePerSecond  sustained re-query rate of the token bucket
 * @param burst          token bucket size: re-queries allowed back to back before the rate applies
 * @param backoffInitial back-off after the first error in a row (doubles per further error)
 * @param backoffMax     longest back-off
 */
public record WatchSettings(Duration waitTime, double ratePerSecond, int burst, Duration backoffInitial,
                            Duration backoffMax) {

    /** Client's wait, 1 re-query per second (burst 2), back-off 500ms doubling up to 30s. */
    public static final WatchSettings DEFAULT = builder().build();

    public WatchSettings {
        if (waitTime != null) {
            QueryOptions.checkWait(waitTime);
        }
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond: " + ratePerSecond + " (expected: > 0)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
        }
        positive("backoffInitial", backoffInitial);
        positive("backoffMax", backoffMax);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoffMax: " + GoDuration.format(backoffMax)
                    + " (expected: >= backoffInitial " + GoDuration.format(backoffInitial) + ")");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.waitTime = waitTime;
        b.ratePerSecond = ratePerSecond;
        b.burst = burst;
        b.backoffInitial = backoffInitial;
        b.backoffMax = backoffMax;
        return b;
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + GoDuration.format(d) + " (expected: > 0)");
        }
        return d;
    }

    /** Builds {@link WatchSettings}; not thread-safe. */
    public static final class Builder {
        private Duration waitTime;
        private double ratePerSecond = 1.0;
        private int burst = 2;
        private Duration backoffInitial = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Blocking wait per read (at most 10m); default: the client's {@code defaultWait}. */
        public Builder waitTime(Duration value) {
            this.waitTime = QueryOptions.checkWait(value);
            return this;
        }

        /** Sustained re-query rate; default 1 per second. */
        public Builder ratePerSecond(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("ratePerSecond: " + value + " (expected: > 0)");
            }
            this.ratePerSecond = value;
            return this;
        }

        /** Re-queries allowed back to back; default 2. */
        public Builder burst(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("burst: " + value + " (expected: >= 1)");
            }
            this.burst = value;
            return this;
        }

        /** Back-off after the first error; default 500ms. */
        public Builder backoffInitial(Duration value) {
            this.backoffInitial = positive("backoffInitial", value);
            return this;
        }

        /** Longest back-off; default 30s. */
        public Builder backoffMax(Duration value) {
            this.backoffMax = positive("backoffMax", value);
            return this;
        }

        public WatchSettings build() {
            return new WatchSettings(waitTime, ratePerSecond, burst, backoffInitial, backoffMax);
        }
    }
}
