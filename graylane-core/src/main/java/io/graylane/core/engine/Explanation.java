package io.graylane.core.engine;

import io.graylane.core.model.Instance;
import io.graylane.core.model.Route;
import io.graylane.core.route.FallbackStep;
import io.graylane.core.route.Resolution;
import io.graylane.core.rule.ColoringTrace;
import io.graylane.core.trust.TrustVerdict;

import java.util.List;
import java.util.Objects;

/**
 * Why a request got its lane, service, instance subset and instance: the structured answer that the
 * CLI's {@code explain}, the admin API, the debug header, spans and metrics all read. Immutable.
 *
 * @param method      request method
 * @param host        host the route was matched against (may be {@code null})
 * @param path        request path
 * @param client      client address as text, or {@code null} when unknown
 * @param trust       verdict on the lane that arrived with the request
 * @param laneCarrier where the vetted lane was read ({@code header X-Graylane-Lane}, {@code baggage}),
 *                    or {@code null} when none arrived
 * @param lane        the request's lane (kept or assigned); it travels on to the next hop
 * @param laneSource  where {@code lane} came from
 * @param coloring    the coloring trace when rules ran, {@code null} when a lane was kept
 * @param route       the matching route, or {@code null} (no route, or the service was given directly)
 * @param service     the target service, or {@code null} when no route matched
 * @param resolution  how the lane resolved for the service, or {@code null} when no route matched
 * @param instance    the chosen instance, or {@code null} when rejected or unrouted
 */
public record Explanation(String method, String host, String path, String client, TrustVerdict trust,
                          String laneCarrier, String lane, LaneSource laneSource, ColoringTrace coloring,
                          Route route, String service, Resolution resolution, Instance instance) {

    public Explanation {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(laneSource, "laneSource");
    }

    /** The overall outcome. */
    public enum Outcome {
        /** An instance was chosen. */
        ROUTED,
        /** The lane could not be served (strict lane or nothing to fall back to): answer 503. */
        REJECTED,
        /** No route matches the request: answer 404. */
        NO_ROUTE
    }

    /** The overall outcome. */
    public Outcome outcome() {
        if (service == null) {
            return Outcome.NO_ROUTE;
        }
        return instance == null ? Outcome.REJECTED : Outcome.ROUTED;
    }

    /** The matching rule's name, or {@code null} when the lane was kept or the default applied. */
    public String rule() {
        return coloring == null ? null : coloring.outcome().rule();
    }

    /** The fallback steps taken (empty when none). */
    public List<FallbackStep> fallback() {
        return resolution == null ? List.of() : resolution.steps();
    }

    /**
     * The opt-in debug header value: {@code lane=canary; source=rule; rule=beta-users; served=stable;
     * fallback="canary: no instances"; instance=orders-1}.
     */
    public String debugHeader() {
        StringBuilder sb = new StringBuilder("lane=").append(lane)
                .append("; source=").append(laneSource.name().toLowerCase(java.util.Locale.ROOT));
        if (rule() != null) {
            sb.append("; rule=").append(rule());
        }
        switch (outcome()) {
            case NO_ROUTE -> sb.append("; outcome=no-route");
            case REJECTED -> sb.append("; outcome=rejected");
            case ROUTED -> sb.append("; served=").append(resolution.servedLane());
        }
        if (resolution != null && resolution.fellBack()) {
            StringBuilder why = new StringBuilder();
            for (FallbackStep s : resolution.steps()) {
                if (why.length() > 0) {
                    why.append(", ");
                }
                why.append(s.fromLane()).append(": ").append(s.reason().text());
            }
            sb.append("; fallback=\"").append(why).append('"');
        }
        if (instance != null) {
            sb.append("; instance=").append(instance.id());
        }
        return sb.toString();
    }
}
