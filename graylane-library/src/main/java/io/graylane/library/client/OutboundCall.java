package io.graylane.library.client;

import java.net.URI;

/**
 * What an outbound request must look like to carry its lane: where to send it and which headers to set.
 * Made by {@link LanePropagator#prepare}; immutable.
 *
 * @param uri         the target, with a logical service's host replaced by a chosen instance
 * @param laneHeader  the lane header's name
 * @param laneValue   the value to set in the lane header, or {@code null} to leave the request's as it is
 * @param baggage     the full {@code baggage} header to set, or {@code null} to leave the request's as it is
 */
public record OutboundCall(URI uri, String laneHeader, String laneValue, String baggage) {
}
