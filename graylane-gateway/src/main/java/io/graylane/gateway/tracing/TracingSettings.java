package io.graylane.gateway.tracing;

import io.graylane.core.chain.Headers;
import io.graylane.core.chain.MiddlewareContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code tracing} entry's config, read and checked: service name, sampler, propagation formats,
 * the baggage key of the lane, and the exporter. Records compare by value, so two entries with the
 * same config are equal. Immutable.
 *
 * @param serviceName    {@code service.name} of the gateway's spans
 * @param sampler        which requests are recorded
 * @param formats        the formats read from requests and written to the upstream, in extraction order
 * @param laneBaggageKey the baggage member the lane is written to
 * @param exporter       where recorded spans go
 */
record TracingSettings(String serviceName, Sampling sampler, List<TraceFormat> formats, String laneBaggageKey,
                       Export exporter) {

    static final String DEFAULT_SERVICE_NAME = "graylane-gateway";
    static final String DEFAULT_ENDPOINT = "http://localhost:4318/v1/traces";
    static final String TRACES_PATH = "/v1/traces";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    TracingSettings {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(sampler, "sampler");
        formats = List.copyOf(formats);
        Objects.requireNonNull(laneBaggageKey, "laneBaggageKey");
        Objects.requireNonNull(exporter, "exporter");
    }

    /** Which requests are recorded: {@code kind} always, never or a ratio of trace ids. */
    record Sampling(String kind, double ratio, boolean parentBased) {
    }

    /**
     * Where spans go: nowhere ({@code none}), or an OTLP/HTTP endpoint.
     *
     * @param kind     {@code none} or {@code otlp}
     * @param endpoint the full URL spans are POSTed to ({@code …/v1/traces}); {@code null} for none
     * @param headers  extra request headers (an API key)
     * @param timeout  how long one export may take
     */
    record Export(String kind, String endpoint, Map<String, String> headers, Duration timeout) {
        static final Export NONE = new Export("none", null, Map.of(), DEFAULT_TIMEOUT);

        Export {
            headers = Map.copyOf(headers);
        }

        boolean isOtlp() {
            return "otlp".equals(kind);
        }
    }

    /** Reads and checks {@code ctx}'s config; errors name the config path. */
    static TracingSettings parse(MiddlewareContext ctx) {
        ctx.requireOnly("serviceName", "sampler", "propagators", "laneBaggageKey", "exporter");
        String serviceName = ctx.has("serviceName") ? ctx.string("serviceName") : DEFAULT_SERVICE_NAME;
        String laneKey = ctx.has("laneBaggageKey") ? ctx.string("laneBaggageKey") : "graylane.lane";
        if (!laneKey.chars().allMatch(TracingSettings::isTokenChar)) {
            throw ctx.invalid("laneBaggageKey", laneKey, "a baggage key (an HTTP token)");
        }
        return new TracingSettings(serviceName, sampler(ctx), formats(ctx), laneKey, exporter(ctx));
    }

    private static Sampling sampler(MiddlewareContext ctx) {
        Object raw = ctx.config().get("sampler");
        if (raw == null) {
            return new Sampling("always", 1.0, true);
        }
        if (raw instanceof String kind) {
            if (!kind.equals("always") && !kind.equals("never")) {
                throw ctx.invalid("sampler", kind, "always, never, or a map {type: ratio, ratio: 0.1}");
            }
            return new Sampling(kind, kind.equals("always") ? 1.0 : 0.0, true);
        }
        ConfigSection s = ConfigSection.of(ctx, "sampler", "always, never, or a map {type: ratio, ratio: 0.1}");
        s.requireOnly("type", "ratio", "parentBased");
        String kind = s.string("type", s.config().get("ratio") != null ? "ratio" : "always");
        if (!kind.equals("always") && !kind.equals("never") && !kind.equals("ratio")) {
            throw s.invalid("type", kind, "one of always, never, ratio");
        }
        double ratio = s.doubleValue("ratio", kind.equals("never") ? 0.0 : 1.0);
        if (ratio < 0 || ratio > 1) {
            throw s.invalid("ratio", s.config().get("ratio"), "0..1");
        }
        if (!kind.equals("ratio") && s.config().get("ratio") != null) {
            throw s.invalid("ratio", s.config().get("ratio"), "no ratio unless type is ratio");
        }
        return new Sampling(kind, ratio, s.bool("parentBased", true));
    }

    private static List<TraceFormat> formats(MiddlewareContext ctx) {
        if (!ctx.has("propagators")) {
            return List.of(TraceFormat.TRACE_CONTEXT, TraceFormat.BAGGAGE);
        }
        List<String> names = ctx.stringList("propagators");
        if (names.isEmpty()) {
            throw ctx.invalid("propagators", names, "at least one of " + TraceFormat.names());
        }
        List<TraceFormat> chosen = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            TraceFormat f = TraceFormat.named(names.get(i));
            if (f == null) {
                throw ctx.invalid("propagators[" + i + "]", names.get(i), "one of " + TraceFormat.names());
            }
            if (chosen.contains(f)) {
                throw ctx.invalid("propagators[" + i + "]", names.get(i), "each propagator once");
            }
            chosen.add(f);
        }
        // Extraction order is fixed (W3C wins over Jaeger when a request carries both), not the listed one.
        List<TraceFormat> ordered = new ArrayList<>(TraceFormat.ALL);
        ordered.retainAll(chosen);
        return ordered;
    }

    private static Export exporter(MiddlewareContext ctx) {
        Object raw = ctx.config().get("exporter");
        if (raw == null || "none".equals(raw)) {
            return Export.NONE;
        }
        String expected = "none, otlp, or a map {type: otlp, endpoint: http://collector:4318/v1/traces}";
        if (raw instanceof String kind) {
            if (!kind.equals("otlp")) {
                throw ctx.invalid("exporter", kind, expected);
            }
            return new Export("otlp", DEFAULT_ENDPOINT, Map.of(), DEFAULT_TIMEOUT);
        }
        ConfigSection s = ConfigSection.of(ctx, "exporter", expected);
        s.requireOnly("type", "endpoint", "protocol", "headers", "timeout");
        String kind = s.string("type", null);
        if (kind == null) {
            throw s.missing("type", "none or otlp");
        }
        if (kind.equals("none")) {
            if (s.config().size() > 1) {
                String extra = s.config().keySet().stream().filter(k -> !k.equals("type")).findFirst().orElseThrow();
                throw s.invalid(extra, s.config().get(extra), "no exporter settings when type is none");
            }
            return Export.NONE;
        }
        if (!kind.equals("otlp")) {
            throw s.invalid("type", kind, "none or otlp");
        }
        String protocol = s.string("protocol", "http/protobuf");
        if (!protocol.equals("http/protobuf")) {
            throw s.invalid("protocol", protocol, "http/protobuf");
        }
        String endpoint = endpoint(s, s.string("endpoint", DEFAULT_ENDPOINT));
        Map<String, String> headers = s.stringMap("headers");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            try {
                Headers.of(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw s.invalid("headers." + h.getKey(), h.getValue(),
                        "a header name (an HTTP token) with a value without control characters");
            }
        }
        Duration timeout = s.duration("timeout", DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw s.invalid("timeout", s.config().get("timeout"), "> 0");
        }
        return new Export("otlp", endpoint, headers, timeout);
    }

    /** An http(s) URL with a host; a bare {@code http://collector:4318} gets the OTLP path {@code /v1/traces}. */
    private static String endpoint(ConfigSection s, String text) {
        String expected = "an http or https URL such as http://collector:4318/v1/traces";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw s.invalid("endpoint", text, expected);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw s.invalid("endpoint", text, expected);
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return text.replaceAll("/$", "") + TRACES_PATH;
        }
        return text;
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
