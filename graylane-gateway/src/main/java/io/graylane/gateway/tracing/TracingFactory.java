package io.graylane.gateway.tracing;

import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;

/**
 * {@code tracing}: an OpenTelemetry SERVER span per request with the lane decision as attributes,
 * W3C {@code traceparent} and {@code baggage} (and, when listed, Jaeger's {@code uber-trace-id}) read
 * from the request and written to the upstream, and OTLP/HTTP export when configured — never by
 * default. Config: {@code serviceName}, {@code sampler}, {@code propagators}, {@code laneBaggageKey},
 * {@code exporter}; see {@code docs/tracing.md}. Each entry gets its own SDK, closed (flushed) with
 * its chain. Thread-safe.
 */
public final class TracingFactory implements MiddlewareFactory {

    private final SpanExporter extra;

    /** The factory the gateway registers. */
    public TracingFactory() {
        this(null);
    }

    /** A factory whose middleware also send every span, as it ends, to {@code extra} (tests). */
    TracingFactory(SpanExporter extra) {
        this.extra = extra == null ? null : new Shared(extra);
    }

    @Override
    public String type() {
        return "tracing";
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        return new TracingMiddleware(TracingSettings.parse(ctx), extra);
    }

    /** The factory's exporter, shared by every middleware it makes: one closing must not shut it down. */
    private record Shared(SpanExporter delegate) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return delegate.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.flush();
        }
    }
}
