package io.graylane.gateway.tracing;

import io.graylane.gateway.proxy.RawHttp;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.graylane.gateway.tracing.SpanAttributes.ATTEMPTS;
import static io.graylane.gateway.tracing.SpanAttributes.FALLBACK_REASON;
import static io.graylane.gateway.tracing.SpanAttributes.FALLBACK_STEPS;
import static io.graylane.gateway.tracing.SpanAttributes.HTTP_METHOD;
import static io.graylane.gateway.tracing.SpanAttributes.HTTP_ROUTE;
import static io.graylane.gateway.tracing.SpanAttributes.HTTP_STATUS;
import static io.graylane.gateway.tracing.SpanAttributes.INSTANCE;
import static io.graylane.gateway.tracing.SpanAttributes.LANE;
import static io.graylane.gateway.tracing.SpanAttributes.LANE_SERVED;
import static io.graylane.gateway.tracing.SpanAttributes.LANE_SOURCE;
import static io.graylane.gateway.tracing.SpanAttributes.ROUTE;
import static io.graylane.gateway.tracing.SpanAttributes.RULE;
import static io.graylane.gateway.tracing.SpanAttributes.SERVICE;
import static io.graylane.gateway.tracing.SpanAttributes.UPSTREAM_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code tracing} end to end: the gateway's span, and the trace context the upstream receives. */
class TracingMiddlewareTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CLIENT_SPAN = "00f067aa0ba902b7";

    private static TracingFixture fx;

    @BeforeAll
    static void start() {
        fx = new TracingFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void aServerSpanCarriesTheLaneTheRuleTheRouteAndTheInstance() {
        fx.use("[{id: trace, type: tracing}]");

        RawHttp.Response response = fx.get("/web/x", "X-User-Group: beta", "User-Agent: test-agent");

        assertThat(response.status()).isEqualTo(200);
        SpanData span = fx.onlySpan();
        assertThat(span.getName()).isEqualTo("GET web");
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getAttributes().get(LANE)).isEqualTo("canary");
        assertThat(span.getAttributes().get(LANE_SOURCE)).isEqualTo("rule");
        assertThat(span.getAttributes().get(RULE)).isEqualTo("beta");
        assertThat(span.getAttributes().get(LANE_SERVED)).isEqualTo("canary");
        assertThat(span.getAttributes().get(ROUTE)).isEqualTo("web");
        assertThat(span.getAttributes().get(SERVICE)).isEqualTo("web");
        assertThat(span.getAttributes().get(HTTP_ROUTE)).isEqualTo("/web");
        assertThat(span.getAttributes().get(HTTP_METHOD)).isEqualTo("GET");
        assertThat(span.getAttributes().get(SpanAttributes.SERVER_ADDRESS)).isEqualTo("test");
        assertThat(span.getAttributes().get(SpanAttributes.USER_AGENT)).isEqualTo("test-agent");
        assertThat(span.getAttributes().get(SpanAttributes.CLIENT_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(span.getAttributes().get(HTTP_STATUS)).isEqualTo(200L);
        assertThat(span.getAttributes().get(INSTANCE)).isEqualTo("web-v2");
        assertThat(span.getAttributes().get(UPSTREAM_ADDRESS)).isEqualTo("127.0.0.1:" + fx.webV2.port());
        assertThat(span.getAttributes().get(ATTEMPTS)).isEqualTo(1L);
        assertThat(span.getAttributes().get(FALLBACK_REASON)).isNull();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name")))
                .isEqualTo("graylane-gateway");
        assertThat(span.getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void aFallbackIsOnTheSpanWithItsReasonAndSteps() {
        fx.use("[{id: trace, type: tracing, config: {serviceName: edge}}]");

        fx.get("/pair/x", "X-User-Group: beta");

        SpanData span = fx.onlySpan();
        assertThat(span.getAttributes().get(LANE)).isEqualTo("canary");
        assertThat(span.getAttributes().get(LANE_SERVED)).isEqualTo("stable");
        assertThat(span.getAttributes().get(FALLBACK_REASON)).isEqualTo("no instances");
        assertThat(span.getAttributes().get(FALLBACK_STEPS)).containsExactly("canary: no instances -> stable");
        assertThat(span.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name")))
                .isEqualTo("edge");
    }

    @Test
    void anIncomingTraceparentIsTheParentAndTheUpstreamGetsTheGatewaysSpan() {
        fx.use("[{id: trace, type: tracing}]");

        RawHttp.Response response = fx.get("/web/x", "traceparent: 00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01",
                "tracestate: vendor=abc");

        SpanData span = fx.onlySpan();
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        RawHttp.Echo upstream = response.echo();
        assertThat(upstream.headerValues("traceparent")).containsExactly(traceparent(span));
        assertThat(upstream.headerValues("tracestate")).containsExactly("vendor=abc");
    }

    @Test
    void baggageCarriesTheLaneAndKeepsTheOtherMembers() {
        fx.use("[{id: trace, type: tracing}]");

        RawHttp.Response response = fx.get("/web/x", "X-User-Group: beta", "baggage: userId=42");

        String baggage = String.join(",", response.echo().headerValues("baggage"));
        assertThat(List.of(baggage.split("\\s*,\\s*"))).containsExactlyInAnyOrder("userId=42", "graylane.lane=canary");
    }

    @Test
    void jaegerContextIsReadAndWrittenWhenListed() {
        fx.use("[{id: trace, type: tracing, config: {propagators: [tracecontext, baggage, jaeger]}}]");

        RawHttp.Response response = fx.get("/web/x", "uber-trace-id: " + TRACE_ID + ":" + CLIENT_SPAN + ":0:1");

        SpanData span = fx.onlySpan();
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        RawHttp.Echo upstream = response.echo();
        assertThat(upstream.headerValues("uber-trace-id")).containsExactly(TRACE_ID + ":" + span.getSpanId() + ":0:1");
        assertThat(upstream.headerValues("traceparent")).containsExactly(traceparent(span));
        assertThat(upstream.headerValues("uberctx-graylane.lane")).containsExactly("stable");
    }

    @Test
    void jaegerContextIsIgnoredWhenNotListedAndTravelsOnUntouched() {
        fx.use("[{id: trace, type: tracing}]");
        String jaeger = TRACE_ID + ":" + CLIENT_SPAN + ":0:1";

        RawHttp.Response response = fx.get("/web/x", "uber-trace-id: " + jaeger);

        SpanData span = fx.onlySpan();
        assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        RawHttp.Echo upstream = response.echo();
        assertThat(upstream.headerValues("uber-trace-id")).containsExactly(jaeger);
        assertThat(upstream.headerValues("traceparent")).containsExactly(traceparent(span));
    }

    @Test
    void withRatioZeroNothingIsExportedButTheContextStillTravels() {
        fx.use("[{id: trace, type: tracing, config: {sampler: {type: ratio, ratio: 0}}}]");

        RawHttp.Response unsampled = fx.get("/web/x", "traceparent: 00-" + TRACE_ID + "-" + CLIENT_SPAN + "-00");
        // A sampled parent is followed (parent-based), so this one is exported: it shows the first was not.
        fx.get("/web/y", "traceparent: 00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01");

        SpanData sampled = fx.onlySpan();
        assertThat(sampled.getAttributes().get(SpanAttributes.URL_PATH)).isEqualTo("/web/y");
        String traceparent = unsampled.echo().header("traceparent");
        assertThat(traceparent).startsWith("00-" + TRACE_ID + "-").endsWith("-00");
        String gatewaySpan = traceparent.split("-")[2];
        assertThat(gatewaySpan).isNotEqualTo(CLIENT_SPAN).isNotEqualTo(sampled.getSpanId()).matches("[0-9a-f]{16}");
        assertThat(unsampled.echo().header("baggage")).isEqualTo("graylane.lane=stable");
    }

    @Test
    void aMalformedTraceparentStartsANewTraceAndDoesNotTravelOn() {
        fx.use("[{id: trace, type: tracing}]");

        RawHttp.Response response = fx.get("/web/x", "traceparent: 00-zz-yy-01", "tracestate: stale=1");

        SpanData span = fx.onlySpan();
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(response.echo().headerValues("traceparent")).containsExactly(traceparent(span));
        assertThat(response.echo().headerValues("tracestate")).isEmpty();
    }

    /** The {@code traceparent} that names {@code span} as the parent (flags as the span has them: sampled, random id). */
    static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
    }
}
