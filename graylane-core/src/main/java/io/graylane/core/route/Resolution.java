package io.graylane.core.route;

import io.graylane.core.model.Instance;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How one lane resolves for one service snapshot: which lane finally serves, the fallback steps that
 * led there, and the healthy instance subset to choose from — or a rejection. Computed once per
 * (service snapshot, lane) and shared by every request; immutable and thread-safe.
 *
 * @param service       target service
 * @param requestedLane lane the request carried (or the default lane for unknown lanes)
 * @param servedLane    lane whose instances serve, or {@code null} when rejected
 * @param steps         fallback steps taken, in order (empty when the requested lane served)
 * @param subset        the healthy instances of {@code servedLane}, sorted by id; empty when rejected
 * @param rejection     why the request cannot be served, or {@code null}
 */
public record Resolution(String service, String requestedLane, String servedLane, List<FallbackStep> steps,
                         List<Instance> subset, String rejection, WeightedPicker picker, String summary) {

    public Resolution {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(requestedLane, "requestedLane");
        steps = List.copyOf(steps);
        subset = List.copyOf(subset);
        if ((servedLane == null) == (rejection == null)) {
            throw new IllegalArgumentException("exactly one of servedLane and rejection must be set");
        }
    }

    /** Whether the request is rejected (strict lane, or nothing to fall back to). */
    public boolean rejected() {
        return rejection != null;
    }

    /** Whether at least one fallback step was taken. */
    public boolean fellBack() {
        return !steps.isEmpty();
    }

    /** A weighted-random instance of the subset; {@code null} when rejected. Allocation-free. */
    public Instance pick(RandomGenerator random) {
        return picker == null ? null : picker.pick(random);
    }
}
