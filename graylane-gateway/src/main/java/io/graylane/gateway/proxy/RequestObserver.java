package io.graylane.gateway.proxy;

import io.graylane.core.model.Route;
import io.graylane.core.route.Resolution;
import io.graylane.core.trust.TrustVerdict;
import io.graylane.gateway.middleware.UpstreamFailure;

/**
 * Told by the gateway itself about every request it answers, with or without a middleware chain: the
 * hook request metrics hang on ({@code GatewayMetrics} implements it). Called on the request's event
 * loop, so implementations must be thread-safe and must not block; they should not allocate per call.
 */
public interface RequestObserver {

    /**
     * A request is over: its response fully written, or the connection lost.
     *
     * @param route      the route that matched, or {@code null} (404, or a malformed request)
     * @param lane       the request's lane as it ended, or {@code null} when none was decided (malformed)
     * @param resolution how the lane resolved for the route's service, or {@code null} without a route
     * @param status     the status the client got, or 0 when no response was started
     * @param nanos      from the request's arrival to its end
     * @param failure    why the last upstream attempt failed before a response (the gateway answered 502
     *                   or 504), or {@code null}
     */
    void requestCompleted(Route route, String lane, Resolution resolution, int status, long nanos,
                          UpstreamFailure failure);

    /** A lane value (header or baggage member) from the request was removed before coloring, for {@code cause}. */
    default void laneStripped(TrustVerdict.StripCause cause) {
    }
}
