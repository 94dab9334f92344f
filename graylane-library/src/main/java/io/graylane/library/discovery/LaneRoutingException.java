package io.graylane.library.discovery;

import io.graylane.core.route.Resolution;

import java.io.IOException;

/**
 * An outbound call to a logical service cannot be served in its lane: the lane is strict and has no
 * healthy instance, or the service has no instance to fall back to. An {@link IOException}, so HTTP
 * clients report it like any failure to connect. The message names the service, the lane and why,
 * e.g. {@code orders: lane 'feature-x' rejected: strict lane 'feature-x' has no healthy instance}.
 */
public final class LaneRoutingException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Resolution resolution;

    /** An exception for the rejected {@code resolution}. */
    public LaneRoutingException(Resolution resolution) {
        super(resolution.service() + ": lane '" + resolution.requestedLane() + "' rejected: " + resolution.rejection());
        this.resolution = resolution;
    }

    /** How the lane resolved (service, requested lane, fallback steps, rejection); {@code null} after deserialisation. */
    public Resolution resolution() {
        return resolution;
    }
}
