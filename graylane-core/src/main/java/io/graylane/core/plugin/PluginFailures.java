package io.graylane.core.plugin;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts plugin middleware that failed while serving, by middleware type: those that threw (or whose
 * stage failed) and those cut off by the serve timeout. Counts only grow; they outlive plugin versions
 * and rescans (a metrics counter reads them). Thread-safe.
 */
public final class PluginFailures {

    private final ConcurrentHashMap<String, LongAdder> thrown = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> timedOut = new ConcurrentHashMap<>();

    void threw(String type) {
        thrown.computeIfAbsent(type, t -> new LongAdder()).increment();
    }

    void timedOut(String type) {
        timedOut.computeIfAbsent(type, t -> new LongAdder()).increment();
    }

    /** Failures by type of plugin middleware that threw or failed while serving, sorted by type. */
    public Map<String, Long> thrown() {
        return copy(thrown);
    }

    /** Requests by type on which plugin middleware did not answer within the serve timeout, sorted by type. */
    public Map<String, Long> timedOut() {
        return copy(timedOut);
    }

    private static Map<String, Long> copy(ConcurrentHashMap<String, LongAdder> counts) {
        TreeMap<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
