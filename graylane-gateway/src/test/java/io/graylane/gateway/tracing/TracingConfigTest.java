package io.graylane.gateway.tracing;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.GraylaneException;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.config.ChainEntry;
import io.graylane.gateway.proxy.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@code tracing} entry's config: defaults, and every mistake named by its config path. */
class TracingConfigTest {

    /** The config of a {@code tracing} entry written as YAML flow {@code config}, as the gateway reads it. */
    private static MiddlewareContext context(String config) {
        String yaml = """
                version: 1
                lanes: {stable: {selector: {version: v1}}}
                coloring: {defaultLane: stable}
                routes: [{name: web, service: web}]
                chain: [{id: trace, type: tracing, config: %s}]
                """.formatted(config);
        ChainEntry entry = new ConfigLoader(Map.<String, String>of()::get).parse(yaml, Format.YAML, "test.yaml")
                .chain().get(0);
        return MiddlewareContext.of(entry);
    }

    @Test
    void defaultsAreTraceContextAndBaggageAlwaysSampledAndNoExport() {
        TracingSettings s = TracingSettings.parse(context("{}"));

        assertThat(s.serviceName()).isEqualTo("graylane-gateway");
        assertThat(s.formats()).containsExactly(TraceFormat.TRACE_CONTEXT, TraceFormat.BAGGAGE);
        assertThat(s.sampler()).isEqualTo(new TracingSettings.Sampling("always", 1.0, true));
        assertThat(s.laneBaggageKey()).isEqualTo("graylane.lane");
        assertThat(s.exporter()).isEqualTo(TracingSettings.Export.NONE);
    }

    @Test
    void anOtlpExporterTakesEndpointHeadersAndTimeoutAndABareEndpointGetsTheTracesPath() {
        TracingSettings s = TracingSettings.parse(context("{exporter: {type: otlp, endpoint: 'https://otel.example:4318',"
                + " headers: {Authorization: Bearer xyz}, timeout: 3s}, sampler: {type: ratio, ratio: 0.25, parentBased: false},"
                + " propagators: [baggage, jaeger, tracecontext]}"));

        assertThat(s.exporter().endpoint()).isEqualTo("https://otel.example:4318/v1/traces");
        assertThat(s.exporter().headers()).containsExactlyEntriesOf(Map.of("Authorization", "Bearer xyz"));
        assertThat(s.exporter().timeout()).hasSeconds(3);
        assertThat(s.sampler()).isEqualTo(new TracingSettings.Sampling("ratio", 0.25, false));
        // Extraction order is fixed: Jaeger first, so that a W3C traceparent wins when both arrive.
        assertThat(s.formats()).containsExactly(JaegerFormat.INSTANCE, TraceFormat.TRACE_CONTEXT, TraceFormat.BAGGAGE);
        assertThat(TracingSettings.parse(context("{exporter: otlp}")).exporter().endpoint())
                .isEqualTo("http://localhost:4318/v1/traces");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {sampler: {ratio: 2}}                           | chain[id=trace].config.sampler.ratio: 2 (expected: 0..1)
            {sampler: {type: ratio, ratio: -0.5}}           | chain[id=trace].config.sampler.ratio: -0.5 (expected: 0..1)
            {sampler: {type: always, ratio: 0.5}}           | chain[id=trace].config.sampler.ratio: 0.5 (expected: no ratio unless type is ratio)
            {sampler: sometimes}                            | chain[id=trace].config.sampler: "sometimes" (expected: always, never, or a map {type: ratio, ratio: 0.1})
            {sampler: {type: maybe}}                        | chain[id=trace].config.sampler.type: "maybe" (expected: one of always, never, ratio)
            {sampler: {typo: 1}}                            | chain[id=trace].config.sampler.typo: unknown key (expected one of: parentBased, ratio, type)
            {sampler: {parentBased: 'yes'}}                 | chain[id=trace].config.sampler.parentBased: "yes" (expected: true or false)
            {propagators: [b3]}                             | chain[id=trace].config.propagators[0]: "b3" (expected: one of tracecontext, baggage, jaeger)
            {propagators: []}                               | chain[id=trace].config.propagators: a list (expected: at least one of tracecontext, baggage, jaeger)
            {propagators: [jaeger, jaeger]}                 | chain[id=trace].config.propagators[1]: "jaeger" (expected: each propagator once)
            {propagators: tracecontext}                     | chain[id=trace].config.propagators: "tracecontext" (expected: a list of strings)
            {exporter: zipkin}                              | chain[id=trace].config.exporter: "zipkin" (expected: none, otlp, or a map {type: otlp, endpoint: http://collector:4318/v1/traces})
            {exporter: {endpoint: 'http://c:4318'}}         | chain[id=trace].config.exporter.type: missing (expected: none or otlp)
            {exporter: {type: otlp, protocol: grpc}}        | chain[id=trace].config.exporter.protocol: "grpc" (expected: http/protobuf)
            {exporter: {type: otlp, endpoint: 'ftp://c/'}}  | chain[id=trace].config.exporter.endpoint: "ftp://c/" (expected: an http or https URL such as http://collector:4318/v1/traces)
            {exporter: {type: otlp, timeout: 0s}}           | chain[id=trace].config.exporter.timeout: "0s" (expected: > 0)
            {exporter: {type: otlp, timeout: soon}}         | chain[id=trace].config.exporter.timeout: "soon" (expected: a duration such as 250ms, 5s or 1m30s)
            {exporter: {type: otlp, headers: {'a b': x}}}   | chain[id=trace].config.exporter.headers.a b: "x" (expected: a header name (an HTTP token) with a value without control characters)
            {exporter: {type: otlp, headers: {k: 5}}}       | chain[id=trace].config.exporter.headers.k: 5 (expected: a string)
            {exporter: {type: none, endpoint: 'http://c'}}  | chain[id=trace].config.exporter.endpoint: "http://c" (expected: no exporter settings when type is none)
            {serviceName: ''}                               | chain[id=trace].config.serviceName: "" (expected: a non-empty string)
            {laneBaggageKey: 'a b'}                         | chain[id=trace].config.laneBaggageKey: "a b" (expected: a baggage key (an HTTP token))
            {colour: red}                                   | chain[id=trace].config.colour: unknown key (expected one of: exporter, laneBaggageKey, propagators, sampler, serviceName)
            """)
    void aMistakeIsRejectedWithItsConfigPath(String config, String message) {
        assertThatThrownBy(() -> new TracingFactory().create(context(config)))
                .isInstanceOf(GraylaneException.class)
                .hasMessage(message);
    }

    @Test
    void aBadTracingConfigIsRejectedOnReloadAndTheCurrentChainKeepsServing() {
        try (TracingFixture fx = new TracingFixture()) {
            fx.use("[{id: trace, type: tracing}]");

            assertThatThrownBy(() -> fx.gateway.updateEngine(
                    fx.engine("[{id: trace, type: tracing, config: {sampler: {type: ratio, ratio: 2}}}]")))
                    .isInstanceOf(GraylaneException.class)
                    .hasMessage("chain[id=trace].config.sampler.ratio: 2 (expected: 0..1)");

            RawHttp.Response response = fx.get("/web/x");
            assertThat(response.status()).isEqualTo(200);
            assertThat(fx.onlySpan().getName()).isEqualTo("GET web");
            assertThat(fx.gateway.chainIds()).isEqualTo(List.of("trace"));
        }
    }
}
