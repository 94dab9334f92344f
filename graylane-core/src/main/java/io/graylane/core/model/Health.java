package io.graylane.core.model;

/**
 * Aggregated health of one instance, as Consul reports it. {@link #PASSING} and {@link #WARNING}
 * instances receive traffic; {@link #CRITICAL} and {@link #MAINTENANCE} ones never do.
 */
public enum Health {
    PASSING,
    WARNING,
    CRITICAL,
    MAINTENANCE;

    /** Whether an instance in this state may receive traffic. */
    public boolean isHealthy() {
        return this == PASSING || this == WARNING;
    }

    /** Parses {@code passing|warning|critical|maintenance} (case-insensitive). */
    public static Health parse(String value) {
        if (value != null) {
            for (Health h : values()) {
                if (h.name().equalsIgnoreCase(value)) {
                    return h;
                }
            }
        }
        throw new IllegalArgumentException(
                "health: " + value + " (expected: passing, warning, critical or maintenance)");
    }
}
