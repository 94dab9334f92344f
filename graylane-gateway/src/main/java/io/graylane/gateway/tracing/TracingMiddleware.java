package io.graylane.gateway.tracing;

import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Headers;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.Response;
import io.graylane.core.model.Route;
import io.graylane.gateway.middleware.GatewayExchange;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One {@code tracing} chain entry: its own {@link SdkTracerProvider} (sampler, exporter, resource
 * with {@code service.name}) for as long as the entry lives. Per request it reads the trace context
 * the request carries, starts a SERVER span, writes the span's context into the request for the
 * upstream, and ends the span when the exchange is over — response written, connection lost,
 * timed out or failed. Without an exporter no span is recorded and the incoming context travels on
 * unchanged (converted between the configured formats). {@link #close} flushes and shuts the SDK down
 * within {@link #CLOSE_TIMEOUT}. Thread-safe.
 */
final class TracingMiddleware implements Middleware, AutoCloseable {

    /** How long {@link #close} waits for the last spans to be exported. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(TracingMiddleware.class);
    private static final String SCOPE = "io.graylane.gateway";

    private final TracingSettings settings;
    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    /** Headers the configured formats own: cleared before the gateway's context is written. */
    private final String[] ownHeaders;
    private final boolean writesBaggage;

    /**
     * @param settings the entry's checked config
     * @param extra    another exporter to send every span to at once (tests), or {@code null}
     */
    TracingMiddleware(TracingSettings settings, SpanExporter extra) {
        this.settings = settings;
        SdkTracerProviderBuilder b = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), settings.serviceName()))))
                .setSampler(sampler(settings.sampler()));
        if (settings.exporter().isOtlp()) {
            b.addSpanProcessor(BatchSpanProcessor.builder(otlp(settings.exporter()))
                    .setMeterProvider(MeterProvider.noop())
                    .build());
        }
        if (extra != null) {
            b.addSpanProcessor(SimpleSpanProcessor.builder(extra).build());
        }
        this.provider = b.build();
        this.tracer = provider.get(SCOPE);
        List<TextMapPropagator> propagators = new ArrayList<>();
        List<String> own = new ArrayList<>();
        boolean baggage = false;
        for (TraceFormat f : settings.formats()) {
            propagators.add(f.propagator());
            if (f == TraceFormat.BAGGAGE) {
                baggage = true;
            } else {
                // Baggage is merged (other members kept); a trace context is replaced as a whole.
                own.addAll(f.propagator().fields().stream().filter(h -> !h.equals("baggage")).toList());
            }
        }
        this.propagator = TextMapPropagator.composite(propagators);
        this.ownHeaders = own.toArray(new String[0]);
        this.writesBaggage = baggage || settings.formats().contains(JaegerFormat.INSTANCE);
    }

    private static Sampler sampler(TracingSettings.Sampling s) {
        Sampler root = switch (s.kind()) {
            case "never" -> Sampler.alwaysOff();
            case "ratio" -> Sampler.traceIdRatioBased(s.ratio());
            default -> Sampler.alwaysOn();
        };
        return s.parentBased() ? Sampler.parentBased(root) : root;
    }

    private static SpanExporter otlp(TracingSettings.Export e) {
        OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder()
                .setEndpoint(e.endpoint())
                .setTimeout(e.timeout())
                // Not GlobalOpenTelemetry's meter provider: the gateway must not touch an application's globals.
                .setMeterProvider(MeterProvider.noop());
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            b.addHeader(h.getKey(), h.getValue());
        }
        return b.build();
    }

    /** The config this middleware was built from. */
    TracingSettings settings() {
        return settings;
    }

    @Override
    public Handler apply(Handler next) {
        return exchange -> handle(next, exchange);
    }

    private CompletionStage<Response> handle(Handler next, Exchange exchange) {
        Headers headers = exchange.headers();
        Context parent = propagator.extract(Context.root(), headers, HeaderCarrier.INSTANCE);
        GatewayExchange gx = GatewayExchange.of(exchange);
        Route route = gx == null ? null : gx.route();
        SpanBuilder builder = tracer.spanBuilder(SpanAttributes.spanName(exchange.method(), route))
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER);
        SpanAttributes.request(builder, exchange, route);
        Span span = builder.startSpan();
        inject(parent.with(span), exchange, headers);
        ExchangeSpan outcome = new ExchangeSpan(span, exchange, gx);
        CompletionStage<Response> stage;
        try {
            stage = next.handle(exchange);
        } catch (RuntimeException | Error e) {
            outcome.failed(e);
            outcome.end(0, 0, false);
            throw e;
        }
        if (gx != null) {
            // The gateway says when the exchange is over: the body written, or the connection lost.
            stage.whenComplete((response, failure) -> outcome.failed(failure));
            gx.onComplete(c -> outcome.end(c.status(), c.responseBytes(), c.aborted()));
            return stage;
        }
        // An exchange from elsewhere (the CLI, tests): over when its response is known.
        return stage.whenComplete((response, failure) -> {
            outcome.failed(failure);
            outcome.end(response == null ? 0 : response.status(),
                    response == null ? 0 : response.body().map(b -> (long) b.remaining()).orElse(0L), failure != null);
        });
    }

    /** Writes the gateway's span context (and the lane as a baggage member) for the upstream. */
    private void inject(Context context, Exchange exchange, Headers headers) {
        Context out = context;
        String lane = exchange.lane();
        if (writesBaggage && lane != null) {
            out = out.with(Baggage.fromContext(context).toBuilder().put(settings.laneBaggageKey(), lane).build());
        }
        for (String h : ownHeaders) {
            headers.remove(h);
        }
        propagator.inject(out, headers, HeaderCarrier.INSTANCE);
    }

    /** One request's span and what is known of how it went; ended once. Used on the exchange's thread. */
    private static final class ExchangeSpan {
        private final Span span;
        private final Exchange exchange;
        private final GatewayExchange gx;
        private volatile String errorType;
        private boolean ended;

        ExchangeSpan(Span span, Exchange exchange, GatewayExchange gx) {
            this.span = span;
            this.exchange = exchange;
            this.gx = gx;
        }

        /** The chain failed (a cancellation — an abandoned attempt, a client that left — is not a failure). */
        void failed(Throwable failure) {
            Throwable cause = failure;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause == null || cause instanceof CancellationException) {
                return;
            }
            errorType = cause.getClass().getName();
            span.recordException(cause);
        }

        synchronized void end(int status, long bytes, boolean aborted) {
            if (ended) {
                return;
            }
            ended = true;
            if (span.isRecording()) {
                SpanAttributes.decision(span, exchange, gx);
                String type = errorType;
                if (type == null && gx != null && gx.upstreamFailure() != null) {
                    type = gx.upstreamFailure().name().toLowerCase(java.util.Locale.ROOT);
                }
                SpanAttributes.outcome(span, status, bytes, aborted, type);
            }
            span.end();
        }
    }

    /** Exports what is buffered and stops the SDK, waiting at most {@link #CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        CompletableResultCode done = provider.shutdown().join(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!done.isSuccess()) {
            log.warn("tracing ({}): spans may be lost: the exporter did not finish within {} ms on shutdown",
                    settings.serviceName(), CLOSE_TIMEOUT.toMillis());
        }
    }

    @Override
    public String toString() {
        return "TracingMiddleware" + settings;
    }
}
