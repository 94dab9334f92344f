package io.graylane.core.route;

import java.util.Objects;

/**
 * One step of a fallback walk: the request could not be served by {@code fromLane} and moved to
 * {@code toLane} (or, when {@code toLane} is {@code null}, stopped there).
 *
 * @param fromLane lane that could not serve
 * @param toLane   lane tried next, or {@code null} when the walk ended (strict lane or no fallback)
 * @param reason   why {@code fromLane} could not serve
 * @param matching instances of the service whose labels match {@code fromLane}'s selector
 * @param healthy  how many of those are healthy (0 when this step was taken)
 */
public record FallbackStep(String fromLane, String toLane, Reason reason, int matching, int healthy) {

    /** Why a lane could not serve a request. */
    public enum Reason {
        /** No instance of the service carries the lane's labels. */
        NO_INSTANCES("no instances"),
        /** Instances carry the lane's labels but none is healthy. */
        NONE_HEALTHY("none healthy"),
        /** The request carried a lane this configuration does not define. */
        UNKNOWN_LANE("unknown lane");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** Short text for debug headers and metrics labels, e.g. {@code no instances}. */
        public String text() {
            return text;
        }
    }

    public FallbackStep {
        Objects.requireNonNull(fromLane, "fromLane");
        Objects.requireNonNull(reason, "reason");
    }

    /** A sentence such as {@code canary: no instances match {version=v2} -> stable}. */
    public String describe(String selectorText) {
        String why = switch (reason) {
            case NO_INSTANCES -> "no instances match " + selectorText;
            case NONE_HEALTHY -> matching + " instance" + (matching == 1 ? "" : "s") + " match "
                    + selectorText + " but none healthy";
            case UNKNOWN_LANE -> "lane not defined here";
        };
        return fromLane + ": " + why + (toLane == null ? "" : " -> " + toLane);
    }
}
