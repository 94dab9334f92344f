package io.graylane.library.context;

import java.util.Optional;

/**
 * The one-line API for business code: which lane is this request in?
 *
 * <pre>{@code
 * if (GraylaneLane.is("canary")) { ... }
 * String lane = GraylaneLane.current().orElse("stable");
 * }</pre>
 *
 * Reads {@link LaneContext}; thread-safe.
 */
public final class GraylaneLane {

    private GraylaneLane() {
    }

    /** The current thread's lane, if one is bound. */
    public static Optional<String> current() {
        return Optional.ofNullable(LaneContext.lane());
    }

    /** Whether the current thread's lane is {@code lane}. */
    public static boolean is(String lane) {
        return lane != null && lane.equals(LaneContext.lane());
    }
}
