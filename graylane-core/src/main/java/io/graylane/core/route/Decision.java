package io.graylane.core.route;

import io.graylane.core.model.Instance;

import java.util.Objects;

/**
 * The outcome of routing one request: the shared {@link Resolution} for its lane and service and the
 * chosen instance ({@code null} when rejected). Immutable.
 *
 * @param resolution how the lane resolved
 * @param instance   chosen instance, or {@code null} when {@link Resolution#rejected()}
 */
public record Decision(Resolution resolution, Instance instance) {
    public Decision {
        Objects.requireNonNull(resolution, "resolution");
        if ((instance == null) != resolution.rejected()) {
            throw new IllegalArgumentException("an instance is chosen exactly when the resolution is not rejected");
        }
    }

    /** Whether the request must be answered with 503 and {@link Resolution#rejection()}. */
    public boolean rejected() {
        return instance == null;
    }
}
