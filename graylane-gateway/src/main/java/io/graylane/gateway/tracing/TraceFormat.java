package io.graylane.gateway.tracing;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.util.List;

/**
 * One way trace context travels in HTTP headers, as named in the {@code tracing} entry's
 * {@code propagators}: {@code tracecontext} (W3C {@code traceparent}/{@code tracestate}),
 * {@code baggage} (W3C {@code baggage}) and {@code jaeger} ({@code uber-trace-id}). Our own type, so
 * that the Jaeger format — deprecated upstream — is one replaceable class ({@link JaegerFormat}) and
 * nothing else names it. Implementations are stateless and thread-safe.
 */
interface TraceFormat {

    /** The W3C Trace Context format: {@code traceparent} and {@code tracestate}. */
    TraceFormat TRACE_CONTEXT = new Fixed("tracecontext", W3CTraceContextPropagator.getInstance());

    /** The W3C Baggage format: {@code baggage}. */
    TraceFormat BAGGAGE = new Fixed("baggage", W3CBaggagePropagator.getInstance());

    /** Every format, in the order they are extracted: a later one's trace context wins over an earlier one's. */
    List<TraceFormat> ALL = List.of(JaegerFormat.INSTANCE, TRACE_CONTEXT, BAGGAGE);

    /** The name written in config, e.g. {@code tracecontext}. */
    String name();

    /** The OpenTelemetry propagator that reads and writes the format's headers. */
    TextMapPropagator propagator();

    /** The format called {@code name}, or {@code null}. */
    static TraceFormat named(String name) {
        for (TraceFormat f : ALL) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The names of every format, for messages. */
    static String names() {
        return "tracecontext, baggage, jaeger";
    }

    /** A format that is one of OpenTelemetry's own propagators. */
    record Fixed(String name, TextMapPropagator propagator) implements TraceFormat {
    }
}
