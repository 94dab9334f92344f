package io.graylane.gateway.tracing;

import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * The Jaeger format: {@code uber-trace-id} (and {@code uberctx-*} baggage) in and out. OpenTelemetry
 * deprecated its Jaeger propagator in favour of W3C Trace Context; this is the only class that uses
 * it, so that it can be replaced by our own codec when upstream removes it. Stateless, thread-safe.
 */
final class JaegerFormat implements TraceFormat {

    static final JaegerFormat INSTANCE = new JaegerFormat();

    /** The header Jaeger clients send the trace context in. */
    static final String HEADER = "uber-trace-id";

    @SuppressWarnings("deprecation") // see the class comment: deliberately kept behind TraceFormat
    private final TextMapPropagator propagator =
            io.opentelemetry.extension.trace.propagation.JaegerPropagator.getInstance();

    private JaegerFormat() {
    }

    @Override
    public String name() {
        return "jaeger";
    }

    @Override
    public TextMapPropagator propagator() {
        return propagator;
    }

    @Override
    public String toString() {
        return "jaeger";
    }
}
