package io.graylane.gateway.proxy;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the gateway answered while one configuration served: requests and, of those, errors (5xx
 * answers: upstream failures, the gateway's own 502/503/504, and middleware failures answered 500).
 * One instance per config swapped in ({@link GatewayServer#servedCounts()}); discovery changes keep it.
 * Counting is one {@link LongAdder} increment per request. Thread-safe.
 */
public final class ServedCounts {

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();

    /** Counts one answer with {@code status}. */
    public void record(int status) {
        requests.increment();
        if (status >= 500) {
            errors.increment();
        }
    }

    /** Requests answered so far. */
    public long requests() {
        return requests.sum();
    }

    /** Of those, 5xx answers. */
    public long errors() {
        return errors.sum();
    }

    @Override
    public String toString() {
        return errors() + " errors in " + requests() + " requests";
    }
}
