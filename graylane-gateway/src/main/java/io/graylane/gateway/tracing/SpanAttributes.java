package io.graylane.gateway.tracing;

import io.graylane.core.chain.Exchange;
import io.graylane.core.engine.LaneSource;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Route;
import io.graylane.core.route.FallbackStep;
import io.graylane.core.route.Resolution;
import io.graylane.gateway.middleware.GatewayExchange;
import io.graylane.gateway.middleware.UpstreamFailure;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The attributes of the gateway's SERVER span: OpenTelemetry's HTTP semantic-convention names where
 * they exist ({@code http.request.method}, {@code http.route}, {@code http.response.status_code},
 * {@code error.type} …) and {@code graylane.*} for the lane decision ({@code graylane.lane},
 * {@code graylane.rule}, {@code graylane.fallback.reason} …). Stateless.
 */
final class SpanAttributes {

    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<Long> HTTP_RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    static final AttributeKey<String> LANE = AttributeKey.stringKey("graylane.lane");
    static final AttributeKey<String> LANE_SOURCE = AttributeKey.stringKey("graylane.lane.source");
    static final AttributeKey<String> LANE_SERVED = AttributeKey.stringKey("graylane.lane.served");
    static final AttributeKey<String> RULE = AttributeKey.stringKey("graylane.rule");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("graylane.route");
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("graylane.service");
    static final AttributeKey<String> FALLBACK_REASON = AttributeKey.stringKey("graylane.fallback.reason");
    static final AttributeKey<List<String>> FALLBACK_STEPS = AttributeKey.stringArrayKey("graylane.fallback.steps");
    static final AttributeKey<String> REJECTION = AttributeKey.stringKey("graylane.rejection");
    static final AttributeKey<String> INSTANCE = AttributeKey.stringKey("graylane.instance");
    static final AttributeKey<String> UPSTREAM_ADDRESS = AttributeKey.stringKey("graylane.upstream.address");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("graylane.attempts");
    static final AttributeKey<String> UPSTREAM_FAILURE = AttributeKey.stringKey("graylane.upstream.failure");
    static final AttributeKey<Boolean> ABORTED = AttributeKey.booleanKey("graylane.aborted");

    private static final String[] SOURCES = new String[LaneSource.values().length];

    static {
        for (LaneSource s : LaneSource.values()) {
            SOURCES[s.ordinal()] = s.name().toLowerCase(Locale.ROOT);
        }
    }

    private SpanAttributes() {
    }

    /** {@code GET web}: the method and the route's name; the method alone without a route. */
    static String spanName(String method, Route route) {
        return route == null ? method : method + " " + route.name();
    }

    /** What is known of the request when the span starts (the sampler sees these). */
    static void request(SpanBuilder b, Exchange exchange, Route route) {
        b.setAttribute(HTTP_METHOD, exchange.method());
        b.setAttribute(URL_PATH, exchange.path());
        b.setAttribute(URL_SCHEME, "http");
        b.setAttribute(PROTOCOL_VERSION, "1.1");
        String host = exchange.header("Host");
        if (host != null && !host.isEmpty()) {
            b.setAttribute(SERVER_ADDRESS, hostOnly(host));
        }
        if (exchange.clientAddress() != null) {
            b.setAttribute(CLIENT_ADDRESS, exchange.clientAddress().getHostAddress());
        }
        String agent = exchange.header("User-Agent");
        if (agent != null) {
            b.setAttribute(USER_AGENT, agent);
        }
        if (route != null) {
            b.setAttribute(ROUTE, route.name());
            b.setAttribute(SERVICE, route.service());
            if (route.pathPrefix() != null) {
                b.setAttribute(HTTP_ROUTE, route.pathPrefix());
            }
        }
    }

    /** {@code example.com} of {@code example.com:8080}, {@code ::1} of {@code [::1]:8080}. */
    static String hostOnly(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(1, end) : host;
        }
        int colon = host.indexOf(':');
        return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : host;
    }

    /**
     * The lane decision as it stands at the end (a middleware may have changed the lane or the
     * instance): lane, source, rule, served lane, fallback steps, instance and attempts.
     */
    static void decision(Span span, Exchange exchange, GatewayExchange gx) {
        if (exchange.lane() != null) {
            span.setAttribute(LANE, exchange.lane());
        }
        if (gx == null) {
            return;
        }
        if (gx.laneSource() != null) {
            span.setAttribute(LANE_SOURCE, SOURCES[gx.laneSource().ordinal()]);
        }
        if (gx.rule() != null) {
            span.setAttribute(RULE, gx.rule());
        }
        Resolution r = gx.resolution();
        if (r != null) {
            if (r.rejected()) {
                span.setAttribute(REJECTION, r.rejection());
            } else {
                span.setAttribute(LANE_SERVED, r.servedLane());
            }
            if (r.fellBack()) {
                List<FallbackStep> steps = r.steps();
                List<String> texts = new ArrayList<>(steps.size());
                for (FallbackStep s : steps) {
                    texts.add(s.fromLane() + ": " + s.reason().text() + (s.toLane() == null ? "" : " -> " + s.toLane()));
                }
                span.setAttribute(FALLBACK_REASON, steps.get(0).reason().text());
                span.setAttribute(FALLBACK_STEPS, texts);
            }
        }
        Instance instance = gx.instance();
        if (instance != null) {
            span.setAttribute(INSTANCE, instance.id());
            span.setAttribute(UPSTREAM_ADDRESS, instance.authority());
        }
        span.setAttribute(ATTEMPTS, gx.attempts());
        UpstreamFailure failure = gx.upstreamFailure();
        if (failure != null) {
            span.setAttribute(UPSTREAM_FAILURE, failure.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The outcome: status (a 5xx is an error for a server span), body size, and whether it was cut off.
     *
     * @param errorType what went wrong when known more precisely than the status (an upstream failure,
     *                  an exception's class), or {@code null}
     */
    static void outcome(Span span, int status, long bytes, boolean aborted, String errorType) {
        if (status > 0) {
            span.setAttribute(HTTP_STATUS, status);
            span.setAttribute(HTTP_RESPONSE_BODY_SIZE, bytes);
        }
        if (aborted) {
            span.setAttribute(ABORTED, true);
            span.setStatus(StatusCode.ERROR, "the exchange was cut off (connection lost or upstream broke off)");
        } else if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        if (status >= 500 || aborted) {
            span.setAttribute(ERROR_TYPE, errorType != null ? errorType : aborted ? "aborted" : String.valueOf(status));
        }
    }
}
