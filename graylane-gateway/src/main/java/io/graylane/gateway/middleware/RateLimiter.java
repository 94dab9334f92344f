package io.graylane.gateway.middleware;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets per key, as the generic cell rate algorithm: each key keeps one number, the
 * theoretical arrival time (TAT) of its next request. A request at {@code now} is allowed when
 * {@code max(TAT, now) - now <= tolerance} (tolerance = (burst - 1) × interval), and then moves the TAT
 * one interval on; otherwise it must wait {@code max(TAT, now) - now - tolerance}. A key whose TAT has
 * passed holds a full bucket, exactly like a key never seen — which is what makes dropping keys safe.
 *
 * <p>Keys live in {@code shards} access-ordered maps of bounded size, each under its own lock: when a
 * shard is full its least recently used key goes, so distinct hostile keys cannot exhaust memory (at
 * worst an evicted key starts again with a full bucket). Thread-safe.
 */
final class RateLimiter {

    private static final int SHARDS = 16;

    private final long interval;
    private final long tolerance;
    private final Shard[] shards;
    private final AtomicLong global = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param intervalNanos nanoseconds per token (1 / rate)
     * @param burst         requests allowed at once from a full bucket
     * @param maxKeys       keys kept at most
     */
    RateLimiter(long intervalNanos, int burst, int maxKeys) {
        this.interval = intervalNanos;
        this.tolerance = Math.multiplyExact(intervalNanos, (long) burst - 1);
        int n = Math.min(SHARDS, maxKeys);
        this.shards = new Shard[n];
        for (int i = 0; i < n; i++) {
            // Capacities add up to maxKeys exactly.
            shards[i] = new Shard(maxKeys / n + (i < maxKeys % n ? 1 : 0));
        }
    }

    /** 0 when a request for {@code key} at {@code now} is allowed (and counted), else the nanoseconds to wait. */
    long acquire(String key, long now) {
        Shard shard = shards[(key.hashCode() & 0x7fffffff) % shards.length];
        synchronized (shard) {
            long[] tat = shard.get(key);
            if (tat == null) {
                tat = new long[] {now};
                shard.put(key, tat);
            }
            long wait = admit(tat[0], now);
            if (wait == 0) {
                tat[0] = Math.max(tat[0] - now, 0) + now + interval;
            }
            return wait;
        }
    }

    /** {@link #acquire} for the one global key, lock-free. */
    long acquireGlobal(long now) {
        while (true) {
            long tat = global.get();
            long base = tat == Long.MIN_VALUE ? now : tat;
            long wait = admit(base, now);
            if (wait != 0) {
                return wait;
            }
            if (global.compareAndSet(tat, Math.max(base - now, 0) + now + interval)) {
                return 0;
            }
        }
    }

    private long admit(long tat, long now) {
        long ahead = tat - now; // how far the bucket is in debt, in time
        return ahead <= tolerance ? 0 : ahead - tolerance;
    }

    /** Keys kept now (for tests). */
    int size() {
        int n = 0;
        for (Shard s : shards) {
            synchronized (s) {
                n += s.size();
            }
        }
        return n;
    }

    private static final class Shard extends LinkedHashMap<String, long[]> {
        private final int capacity;

        Shard(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > capacity;
        }
    }
}
