package io.graylane.consul;

import java.time.Duration;
import java.time.Instant;

/**
 * A point-in-time view of one {@link Watch}, for metrics and the admin API. Immutable; a watch swaps
 * in a new one after every cycle.
 *
 * @param name              what is watched, e.g. {@code health:web} or {@code kv:graylane/config}
 * @param running           whether the watch is started and not closed
 * @param index             the index the next read will block on (0 after an error)
 * @param requests          reads issued so far
 * @param changes           values published so far (the fallback included)
 * @param consecutiveErrors failed reads since the last success
 * @param started           when the watch started
 * @param lastSuccess       when a read last succeeded, or {@code null} if none has yet
 * @param lastError         the last failure's message, or empty
 * @param servingFallback   whether the current value is the fallback (last-known-good), not Consul's
 */
public record WatchState(String name, boolean running, long index, long requests, long changes,
                         int consecutiveErrors, Instant started, Instant lastSuccess, String lastError,
                         boolean servingFallback) {

    /** How long since Consul last answered (or since the start, if it never has). */
    public Duration staleness(Instant now) {
        Instant since = lastSuccess != null ? lastSuccess : started;
        return since == null ? Duration.ZERO : Duration.between(since, now);
    }

    /** Whether the last read failed. */
    public boolean failing() {
        return consecutiveErrors > 0;
    }
}
