package io.graylane.consul.internal;

import java.util.function.LongSupplier;

/**
 * A token bucket that hands out permits to re-query, refilled at {@code ratePerSecond} up to
 * {@code burst}. {@link #reserve()} never blocks: it takes a permit (going into debt if none is left)
 * and says how long the caller must wait before using it, so a caller schedules instead of sleeping.
 * Thread-safe.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate: " + ratePerSecond + " (expected: > 0)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    /** Takes one permit; returns the nanoseconds to wait before it may be used (0 = now). */
    public synchronized long reserve() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
        tokens -= 1;
        if (tokens >= 0) {
            return 0;
        }
        return (long) Math.ceil(-tokens / ratePerNano);
    }
}
