package io.graylane.consul;

/**
 * A service's DNS/SRV weights in Consul: the weight while all checks pass, and while some warn.
 * Immutable.
 *
 * @param passing weight while passing, >= 0 (Consul's default 1)
 * @param warning weight while warning, >= 0 (Consul's default 1)
 */
public record Weights(int passing, int warning) {

    /** Consul's defaults when a registration names none. */
    public static final Weights DEFAULT = new Weights(1, 1);

    public Weights {
        if (passing < 0) {
            throw new IllegalArgumentException("passing: " + passing + " (expected: >= 0)");
        }
        if (warning < 0) {
            throw new IllegalArgumentException("warning: " + warning + " (expected: >= 0)");
        }
    }
}
