package io.graylane.gateway.middleware;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Event counts of one built-in middleware type by chain entry id (requests recovered, limited,
 * retried …), kept by its factory so that they survive config reloads: the hook the metrics work reads.
 * Thread-safe; counting is a {@link LongAdder} increment.
 */
public final class MiddlewareCounters {

    private final ConcurrentHashMap<String, LongAdder> byId = new ConcurrentHashMap<>();

    /** The counter of entry {@code id}, made on first use; middleware keep it in a field. */
    LongAdder counter(String id) {
        return byId.computeIfAbsent(id, k -> new LongAdder());
    }

    /** The count of entry {@code id}; 0 when it never counted. */
    public long get(String id) {
        LongAdder a = byId.get(id);
        return a == null ? 0 : a.sum();
    }

    /** The sum over every entry. */
    public long total() {
        long sum = 0;
        for (LongAdder a : byId.values()) {
            sum += a.sum();
        }
        return sum;
    }

    /** Counts by entry id, sorted by id. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        byId.forEach((id, a) -> out.put(id, a.sum()));
        return out;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
