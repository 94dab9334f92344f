package io.graylane.spring.web.reactive;

import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneState;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import java.util.function.Function;

/**
 * The lane in a Reactor {@link Context}, for reactive pipelines that do not run on the thread the lane is
 * bound to. The value under {@link #LANE_KEY} is a {@link LaneState} or a lane name ({@code String}).
 *
 * <pre>{@code
 * webClient.get().uri("http://orders/api/42").retrieve().bodyToMono(String.class)
 *         .contextWrite(GraylaneReactor.currentLane());      // the lane bound here, now
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class GraylaneReactor {

    /** The Reactor context key holding the lane. */
    public static final String LANE_KEY = "io.graylane.lane";

    private GraylaneReactor() {
    }

    /** Puts the lane bound on this thread <em>now</em> into the context (no change when none is bound). */
    public static Function<Context, Context> currentLane() {
        LaneState state = LaneContext.currentOrNull();
        return context -> state == null ? context : context.put(LANE_KEY, state);
    }

    /**
     * Puts {@code lane} into the context.
     *
     * @throws IllegalArgumentException when {@code lane} is not a valid lane name
     */
    public static Function<Context, Context> lane(String lane) {
        LaneState state = LaneState.of(lane);
        return context -> context.put(LANE_KEY, state);
    }

    /** The lane in {@code context}, or {@code null}; a lane name that is not valid counts as none. */
    public static LaneState lane(ContextView context) {
        Object value = context.getOrDefault(LANE_KEY, null);
        if (value instanceof LaneState state) {
            return state;
        }
        if (value instanceof String name && io.graylane.core.model.Lane.isValidName(name)) {
            return LaneState.of(name);
        }
        return null;
    }
}
