package io.graylane.testkit.consul;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Consul's blocking-query loop. The query runs under the store lock; if the answer is not yet "new" the
 * request waits on the store's condition (no polling), re-runs the query on every signal and returns as soon
 * as the watched data changed and the answer is new, or with the last answer when the wait ends. The wait
 * defaults to 5m, is clamped to 10m, and gets up to wait/16 of random extra time.
 */
final class Blocking {

    static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private Blocking() {
    }

    /** The time a blocking query may wait, jitter included. */
    static Duration effectiveWait(Duration requested) {
        Duration wait = requested == null || requested.isZero() || requested.isNegative() ? DEFAULT_WAIT : requested;
        if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
        }
        long jitterBound = wait.toNanos() / 16;
        long jitter = jitterBound > 0 ? ThreadLocalRandom.current().nextLong(jitterBound) : 0;
        return wait.plusNanos(jitter);
    }

    /**
     * Index-based blocking: returns at once when {@code minIndex} is 0 or the result index is above it;
     * otherwise waits while the result index stays at or below {@code minIndex}.
     */
    static <T> Snapshot<T> byIndex(SimContext ctx, long minIndex, Duration wait, Supplier<Snapshot<T>> query) {
        return await(ctx, wait, query, s -> minIndex == 0 || s.index() > minIndex, Snapshot::marker);
    }

    /** Hash-based blocking for agent-local endpoints: waits while the content hash equals {@code hash}. */
    static <T> T byHash(SimContext ctx, String hash, Duration wait, Supplier<T> query,
                        java.util.function.Function<T, String> hashOf) {
        return await(ctx, wait, query, s -> hash == null || hash.isEmpty() || !hash.equals(hashOf.apply(s)),
                hashOf::apply);
    }

    private static <S> S await(SimContext ctx, Duration wait, Supplier<S> query, Predicate<S> done,
                               java.util.function.Function<S, Object> marker) {
        Store store = ctx.store();
        store.lock();
        try {
            long generation = store.generation();
            S current = query.get();
            if (done.test(current)) {
                return current;
            }
            long deadline = System.nanoTime() + effectiveWait(wait).toNanos();
            while (true) {
                if (ctx.faults().stalled()) {
                    // A stalled server answers nothing, changes or not, until the fault is lifted.
                    store.awaitChange(-1);
                    checkGeneration(store, generation);
                    continue;
                }
                S next = query.get();
                if (!Objects.equals(marker.apply(next), marker.apply(current))) {
                    current = next;
                    if (done.test(current)) {
                        return current;
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return current;
                }
                store.awaitChange(remaining);
                checkGeneration(store, generation);
            }
        } finally {
            store.unlock();
        }
    }

    private static void checkGeneration(Store store, long generation) {
        if (store.generation() != generation) {
            throw new DroppedConnection();
        }
    }
}
