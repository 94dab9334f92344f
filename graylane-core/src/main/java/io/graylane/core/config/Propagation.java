package io.graylane.core.config;

import java.util.Objects;

/**
 * How a lane travels with a request between hops.
 *
 * @param laneHeader header carrying the lane (default {@code X-Graylane-Lane})
 * @param baggage    whether the lane is also written to and read from W3C {@code baggage}
 * @param baggageKey baggage member name (default {@code graylane.lane})
 */
public record Propagation(String laneHeader, boolean baggage, String baggageKey) {

    /** Header {@code X-Graylane-Lane}, baggage member {@code graylane.lane}. */
    public static final Propagation DEFAULT = new Propagation("X-Graylane-Lane", true, "graylane.lane");

    public Propagation {
        Objects.requireNonNull(laneHeader, "laneHeader");
        Objects.requireNonNull(baggageKey, "baggageKey");
        if (laneHeader.isEmpty() || !laneHeader.chars().allMatch(Propagation::isTokenChar)) {
            throw new IllegalArgumentException("laneHeader: \"" + laneHeader + "\" (expected: an HTTP header name)");
        }
        if (baggageKey.isEmpty() || !baggageKey.chars().allMatch(Propagation::isTokenChar)) {
            throw new IllegalArgumentException("baggageKey: \"" + baggageKey + "\" (expected: a baggage key token)");
        }
    }

    /** RFC 9110 token characters. */
    static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
