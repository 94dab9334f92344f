package io.graylane.library.context;

import io.graylane.core.config.Propagation;
import io.graylane.core.model.Lane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The lane bound to the current thread. {@link io.graylane.library.servlet.GraylaneFilter} binds the
 * request's lane for the request's duration; code that moves work to other threads carries it with
 * {@link LaneExecutors}; outbound clients read it to propagate the lane and to choose instances.
 *
 * <pre>{@code
 * try (LaneScope scope = LaneContext.attach("canary")) {
 *     orders.send(request, handler);          // carries X-Graylane-Lane: canary
 * }
 * }</pre>
 *
 * <p>When the OpenTelemetry API is on the class path, an attached lane is also put into OpenTelemetry's
 * {@code Baggage} and thread hops carry the OpenTelemetry {@code Context}; a thread with no Graylane
 * lane but an OpenTelemetry baggage member {@code graylane.lane} reports that lane. The binding is a
 * thread-local by nature (like OpenTelemetry's own context): this class holds no other state and is
 * thread-safe.
 */
public final class LaneContext {

    private static final Logger log = LoggerFactory.getLogger(LaneContext.class);
    private static final ThreadLocal<LaneState> CURRENT = new ThreadLocal<>();
    private static final ContextBridge BRIDGE = loadBridge();

    private LaneContext() {
    }

    private static ContextBridge loadBridge() {
        ClassLoader loader = LaneContext.class.getClassLoader();
        try {
            Class.forName("io.opentelemetry.context.Context", false, loader);
            Class.forName("io.opentelemetry.api.baggage.Baggage", false, loader);
        } catch (ClassNotFoundException | LinkageError absent) {
            return ContextBridge.NONE;
        }
        try {
            // By name, so that this class never links against OpenTelemetry types when they are absent.
            return (ContextBridge) Class.forName(LaneContext.class.getPackageName() + ".OtelContextBridge", true, loader)
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            log.warn("OpenTelemetry API found but the lane cannot be mirrored into its Baggage: {}", e.toString());
            return ContextBridge.NONE;
        }
    }

    /** Whether lanes are mirrored into OpenTelemetry's context (its API is on the class path). */
    public static boolean bridgesOpenTelemetry() {
        return BRIDGE != ContextBridge.NONE;
    }

    /**
     * Binds {@code lane} to the current thread until the returned scope is closed.
     *
     * @throws IllegalArgumentException when {@code lane} is not a valid lane name
     */
    public static LaneScope attach(String lane) {
        return attach(LaneState.of(lane));
    }

    /** Binds {@code state} to the current thread until the returned scope is closed. */
    public static LaneScope attach(LaneState state) {
        java.util.Objects.requireNonNull(state, "state");
        LaneState previous = CURRENT.get();
        CURRENT.set(state);
        AutoCloseable bridged = BRIDGE.attach(state);
        return new Binding(previous, bridged);
    }

    /** The lane state bound to the current thread (or found in OpenTelemetry's baggage), if any. */
    public static Optional<LaneState> current() {
        return Optional.ofNullable(currentOrNull());
    }

    /** {@link #current()} without the {@code Optional}: the state, or {@code null}. */
    public static LaneState currentOrNull() {
        LaneState state = CURRENT.get();
        if (state != null || BRIDGE == ContextBridge.NONE) {
            return state;
        }
        String fromBaggage = BRIDGE.lane(Propagation.DEFAULT.baggageKey());
        return Lane.isValidName(fromBaggage) ? LaneState.of(fromBaggage) : null;
    }

    /** The current lane's name, or {@code null} when no lane is bound. */
    public static String lane() {
        LaneState state = currentOrNull();
        return state == null ? null : state.lane();
    }

    /**
     * What is bound now (Graylane's lane and, when bridged, OpenTelemetry's context), to be made
     * current on another thread with {@link #restore}. Used by {@link LaneExecutors}.
     */
    public static Captured capture() {
        return new Captured(CURRENT.get(), BRIDGE.capture());
    }

    /**
     * Makes {@code captured} current on this thread — including "no lane", so a pool thread never
     * keeps a lane from an earlier task — until the returned scope is closed.
     */
    public static LaneScope restore(Captured captured) {
        LaneState previous = CURRENT.get();
        if (captured.state() == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(captured.state());
        }
        AutoCloseable bridged = captured.otel() == null ? null : BRIDGE.restore(captured.otel());
        return new Binding(previous, bridged);
    }

    /**
     * A snapshot of what was bound on one thread. Immutable.
     *
     * @param state the Graylane lane, or {@code null} for none
     * @param otel  OpenTelemetry's context, or {@code null} when not bridged
     */
    public record Captured(LaneState state, Object otel) {
        /** The captured lane's name, or {@code null}. */
        public String lane() {
            return state == null ? null : state.lane();
        }
    }

    /** Restores the previous binding once. */
    private static final class Binding implements LaneScope {
        private final LaneState previous;
        private final AutoCloseable bridged;
        private boolean closed;

        Binding(LaneState previous, AutoCloseable bridged) {
            this.previous = previous;
            this.bridged = bridged;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            if (bridged != null) {
                try {
                    bridged.close();
                } catch (Exception e) {
                    log.warn("Could not restore the OpenTelemetry context: {}", e.toString());
                }
            }
        }
    }
}
