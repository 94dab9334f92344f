package io.graylane.gateway.admin;

import io.graylane.gateway.run.EngineSnapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The snapshot being served and when it was loaded, as the admin API reports it. Updated by the
 * config source's listener; read by admin requests. Thread-safe (one volatile reference).
 */
public final class ServingState {

    /** A snapshot with the time it started serving. */
    public record Loaded(EngineSnapshot snapshot, Instant loadedAt) {
        public Loaded {
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(loadedAt, "loadedAt");
        }
    }

    private final Clock clock;
    private volatile Loaded current;

    /** A state with nothing served yet. */
    public ServingState(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * {@code snapshot} serves from now on. The loaded-at time stays when only the instances changed
     * (same config version).
     *
     * @return whether the config version changed
     */
    public synchronized boolean serving(EngineSnapshot snapshot) {
        Loaded before = current;
        boolean changed = before == null || !before.snapshot().version().equals(snapshot.version());
        current = new Loaded(snapshot, changed ? clock.instant() : before.loadedAt());
        return changed;
    }

    /** What serves now, or {@code null} before the first snapshot. */
    public Loaded current() {
        return current;
    }
}
