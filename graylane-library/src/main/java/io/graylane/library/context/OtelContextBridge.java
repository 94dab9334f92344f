package io.graylane.library.context;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;

/**
 * Mirrors the lane into OpenTelemetry: attaching a lane puts it into the current {@link Baggage}
 * (under the state's baggage key) and makes that context current, so OpenTelemetry's own propagators
 * and instrumentation see it; thread hops carry the whole OpenTelemetry {@link Context} along. Loaded
 * by {@link LaneContext} only when the OpenTelemetry API is on the class path. Stateless and
 * thread-safe.
 */
final class OtelContextBridge implements ContextBridge {

    @Override
    public AutoCloseable attach(LaneState state) {
        Context context = Context.current();
        Baggage baggage = Baggage.fromContext(context).toBuilder().put(state.baggageKey(), state.lane()).build();
        return context.with(baggage).makeCurrent();
    }

    @Override
    public Object capture() {
        return Context.current();
    }

    @Override
    public AutoCloseable restore(Object captured) {
        return captured instanceof Context context ? context.makeCurrent() : null;
    }

    @Override
    public String lane(String baggageKey) {
        return Baggage.current().getEntryValue(baggageKey);
    }
}
