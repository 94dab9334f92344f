package io.graylane.gateway.middleware;

import io.graylane.core.chain.AttributeKey;
import io.graylane.core.chain.Exchange;
import io.graylane.core.engine.LaneSource;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Route;
import io.graylane.core.route.Resolution;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The gateway's exchange: an {@link Exchange} over one proxied request, with what the gateway decided
 * before the chain ran (route, lane resolution, upstream instance) and what middleware may change on
 * the way to the upstream (the instance, within the resolution's subset). Trust and lane coloring have
 * already happened, so {@link #lane()} is set. Built-in middleware reach it with
 * {@link #of(Exchange)}, which also works through wrapping exchanges (it is kept in the attributes).
 * Like every exchange it is used by one thread at a time: the gateway completes its stages on the
 * request's event loop ({@link #executor()}).
 */
public interface GatewayExchange extends Exchange {

    /** Where the gateway keeps the exchange in its attributes. */
    AttributeKey<GatewayExchange> KEY = AttributeKey.of("graylane.gateway.exchange", GatewayExchange.class);

    /** The gateway exchange behind {@code exchange}, or {@code null} when it did not come from the gateway. */
    static GatewayExchange of(Exchange exchange) {
        return exchange instanceof GatewayExchange g ? g : exchange.attr(KEY);
    }

    /** The route that matched, or {@code null} (the terminal answers 404). */
    Route route();

    /** How the request's lane resolved for the route's service, or {@code null} when no route matched. */
    Resolution resolution();

    /**
     * The upstream instance the request goes to when it reaches the terminal, or {@code null} when
     * nothing can serve it (no route, or a rejected lane: the terminal answers 404 or 503).
     */
    Instance instance();

    /**
     * Sends the request to {@code instance} instead (another instance of the same subset, say after a
     * failure or an open circuit breaker).
     *
     * @throws IllegalArgumentException when {@code instance} is not in {@link #resolution()}'s subset
     */
    void setInstance(Instance instance);

    /**
     * A weighted-random instance of {@link #resolution()}'s subset that {@code allowed} accepts, or
     * {@code null} when none does (or nothing was resolved). Does not change {@link #instance()}.
     */
    Instance pickInstance(Predicate<? super Instance> allowed);

    /** Where the lane came from (a trusted hop, a signature, a rule, the default). */
    LaneSource laneSource();

    /** The coloring rule that assigned the lane, or {@code null}. */
    String rule();

    /**
     * The debug header value for the exchange as it stands, in the format of
     * {@code Explanation.debugHeader()}: {@code lane=canary; source=rule; rule=beta; served=canary; instance=web-2}.
     */
    String debugHeader();

    /** Whether the request has a body (a non-zero Content-Length, or chunked). */
    boolean requestHasBody();

    /**
     * Whether some of the request body has been sent upstream already; such a request cannot be sent
     * again (the body is streamed, not kept).
     */
    boolean requestBodyStarted();

    /** Upstream attempts made so far (the terminal was reached this many times with an instance). */
    int attempts();

    /**
     * Why the last upstream attempt failed before a response arrived, or {@code null} when it got a
     * response (or none was made). The terminal then answers with the gateway's own 502 or 504.
     */
    UpstreamFailure upstreamFailure();

    /** {@link System#nanoTime()} when the request arrived. */
    long startNanos();

    /** The request's event loop: timers scheduled here fire on the thread that serves the exchange. */
    ScheduledExecutorService executor();

    /**
     * Calls {@code listener} once, on the event loop, when the exchange is over: its response fully
     * written, or the connection lost. Listeners run in the order added; one added late runs at once.
     */
    void onComplete(Consumer<? super Completion> listener);

    /**
     * How an exchange ended.
     *
     * @param status        the status the client got, or 0 when no response was started
     * @param responseBytes response body bytes written to the client
     * @param aborted       whether the exchange was cut off (connection lost, upstream broke off mid-response)
     * @param endNanos      {@link System#nanoTime()} at the end
     */
    record Completion(int status, long responseBytes, boolean aborted, long endNanos) {
    }
}
