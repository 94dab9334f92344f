package io.graylane.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How many config versions a gateway keeps for rollback, and when it rolls back by itself: the
 * {@code rollback} section of a configuration. Immutable.
 *
 * @param history how many versions are kept (in memory, and under the key's history prefix in Consul KV)
 * @param auto    automatic rollback after a swap
 */
public record RollbackSettings(int history, Auto auto) {

    /** 20 versions kept, automatic rollback off. */
    public static final RollbackSettings DEFAULT = new RollbackSettings(20, Auto.OFF);

    /** The most versions that may be kept. */
    public static final int MAX_HISTORY = 1000;

    public RollbackSettings {
        Objects.requireNonNull(auto, "auto");
        if (history < 1 || history > MAX_HISTORY) {
            throw new IllegalArgumentException("history: " + history + " (expected: 1.." + MAX_HISTORY + ")");
        }
    }

    /**
     * Automatic rollback: during {@code window} after a new config version went live, once it has
     * answered at least {@code minRequests} requests, its error rate (5xx answers, middleware failures
     * included) is compared with the previous version's; more than {@code margin} higher rolls back.
     * Immutable.
     *
     * @param enabled     whether the gateway rolls back by itself
     * @param window      how long after a swap the new version is watched
     * @param minRequests requests the new version must have answered before it is judged
     * @param margin      how much higher its error rate may be, as a fraction (0.05 = 5 percentage points)
     */
    public record Auto(boolean enabled, Duration window, long minRequests, double margin) {

        /** Off; the other values are the defaults used when it is turned on. */
        public static final Auto OFF = new Auto(false, Duration.ofSeconds(60), 100, 0.05);

        public Auto {
            Objects.requireNonNull(window, "window");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
            }
            if (minRequests < 1) {
                throw new IllegalArgumentException("minRequests: " + minRequests + " (expected: >= 1)");
            }
            if (!(margin >= 0 && margin < 1)) {
                throw new IllegalArgumentException("margin: " + margin + " (expected: 0 <= margin < 1)");
            }
        }
    }
}
