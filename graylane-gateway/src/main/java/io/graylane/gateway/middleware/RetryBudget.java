package io.graylane.gateway.middleware;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * How many retries a {@code retry} entry may still make: at most {@code minRetries} plus
 * {@code percent} % of the requests it saw over the last {@code window}, so that retries cannot
 * multiply the load on upstreams that are already failing. Counts live in ten buckets of a tenth of
 * the window each, reset as time moves on. Lock-free and approximate under races (a count may land in
 * a bucket being reset), which a budget can afford. Thread-safe.
 */
final class RetryBudget {

    private static final int BUCKETS = 10;

    private final double ratio;
    private final long minRetries;
    private final long bucketNanos;
    private final LongSupplier clock;
    /** Per bucket: the bucket's epoch (time / bucketNanos), requests, retries. */
    private final AtomicLongArray epochs = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray requests = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray retries = new AtomicLongArray(BUCKETS);

    RetryBudget(double percent, long windowNanos, long minRetries, LongSupplier nanoClock) {
        this.ratio = percent / 100;
        this.minRetries = minRetries;
        this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
        this.clock = nanoClock;
        long epoch = nanoClock.getAsLong() / bucketNanos;
        for (int i = 0; i < BUCKETS; i++) {
            epochs.set(i, epoch - BUCKETS); // all outside the window
        }
    }

    /** Counts a request that could be retried. */
    void recordRequest() {
        requests.incrementAndGet(bucket(clock.getAsLong() / bucketNanos));
    }

    /** Takes one retry from the budget; {@code false} when it is spent. */
    boolean tryRetry() {
        long epoch = clock.getAsLong() / bucketNanos;
        long req = 0;
        long ret = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long e = epochs.get(i);
            if (epoch - e < BUCKETS && epoch >= e) {
                req += requests.get(i);
                ret += retries.get(i);
            }
        }
        if (ret + 1 > minRetries + ratio * req) {
            return false;
        }
        retries.incrementAndGet(bucket(epoch));
        return true;
    }

    /** The index of the bucket for {@code epoch}, reset first when it holds an older epoch. */
    private int bucket(long epoch) {
        int i = (int) Math.floorMod(epoch, (long) BUCKETS);
        long e = epochs.get(i);
        if (e != epoch && epochs.compareAndSet(i, e, epoch)) {
            requests.set(i, 0);
            retries.set(i, 0);
        }
        return i;
    }
}
