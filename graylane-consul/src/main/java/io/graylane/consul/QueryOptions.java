package io.graylane.consul;

import io.graylane.consul.internal.GoDuration;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-read options: blocking index and wait, {@code ?stale}, and a datacenter or namespace that
 * overrides the client's. Immutable; build with {@link #DEFAULT} and the {@code with…} methods.
 *
 * @param index      index to block on; 0 = do not block
 * @param waitTime   how long Consul may block, or {@code null} for the client's default wait
 * @param stale      whether any server may answer ({@code ?stale}), not only the leader
 * @param datacenter datacenter for this read; empty = the client's
 * @param namespace  Enterprise namespace for this read; empty = the client's (and then none if that is empty)
 */
public record QueryOptions(long index, Duration waitTime, boolean stale, String datacenter, String namespace) {

    /** A non-blocking, leader-consistent read in the client's datacenter and namespace. */
    public static final QueryOptions DEFAULT = new QueryOptions(0, null, false, "", "");

    /** Consul clamps longer waits to this. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(10);

    public QueryOptions {
        if (index < 0) {
            throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
        }
        if (waitTime != null) {
            checkWait(waitTime);
        }
        datacenter = datacenter == null ? "" : datacenter;
        namespace = namespace == null ? "" : namespace;
    }

    /** A blocking read on {@code index} for at most {@code wait} ({@code null}: the client's default). */
    public static QueryOptions blocking(long index, Duration wait) {
        return DEFAULT.withIndex(index).withWait(wait);
    }

    /** A copy blocking on {@code newIndex}. */
    public QueryOptions withIndex(long newIndex) {
        return new QueryOptions(newIndex, waitTime, stale, datacenter, namespace);
    }

    /** A copy with another wait ({@code null}: the client's default). */
    public QueryOptions withWait(Duration newWait) {
        return new QueryOptions(index, newWait, stale, datacenter, namespace);
    }

    /** A copy that lets any server answer ({@code ?stale}). */
    public QueryOptions withStale(boolean newStale) {
        return new QueryOptions(index, waitTime, newStale, datacenter, namespace);
    }

    /** A copy for another datacenter (empty: the client's). */
    public QueryOptions withDatacenter(String dc) {
        return new QueryOptions(index, waitTime, stale, dc, namespace);
    }

    /** A copy for another Enterprise namespace (empty: the client's). */
    public QueryOptions withNamespace(String ns) {
        return new QueryOptions(index, waitTime, stale, datacenter, ns);
    }

    static Duration checkWait(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("wait: " + GoDuration.format(wait) + " (expected: > 0)");
        }
        if (wait.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("wait: " + GoDuration.format(wait) + " (expected: <= 10m)");
        }
        return wait;
    }
}
