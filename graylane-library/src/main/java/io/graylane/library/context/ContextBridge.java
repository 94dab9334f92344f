package io.graylane.library.context;

/**
 * Where the lane is mirrored besides Graylane's own thread-local: OpenTelemetry's {@code Context} and
 * {@code Baggage} when the OpenTelemetry API is on the class path, nowhere otherwise. Internal to
 * {@link LaneContext}; implementations are stateless and thread-safe.
 */
interface ContextBridge {

    /** The bridge that mirrors nothing. */
    ContextBridge NONE = new ContextBridge() {
    };

    /** Makes {@code state}'s lane current in the other context; the returned scope undoes it. */
    default AutoCloseable attach(LaneState state) {
        return null;
    }

    /** The other context as it is now, to carry to another thread; {@code null} when nothing is bridged. */
    default Object capture() {
        return null;
    }

    /** Makes a {@link #capture() captured} context current; the returned scope undoes it. */
    default AutoCloseable restore(Object captured) {
        return null;
    }

    /** The lane found in the other context under {@code baggageKey}, or {@code null}. */
    default String lane(String baggageKey) {
        return null;
    }
}
