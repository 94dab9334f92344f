package io.graylane.consul;

import java.time.Duration;
import java.util.Objects;

/**
 * What Consul says about a read besides its body, from the {@code X-Consul-*} response headers.
 * Immutable.
 *
 * @param index       {@code X-Consul-Index}: the index to block on next (0 when the header was missing)
 * @param knownLeader {@code X-Consul-KnownLeader}: whether the answering server knew a leader
 * @param lastContact {@code X-Consul-LastContact}: how stale a {@code ?stale} answer may be
 */
public record QueryMeta(long index, boolean knownLeader, Duration lastContact) {

    public QueryMeta {
        Objects.requireNonNull(lastContact, "lastContact");
    }
}
