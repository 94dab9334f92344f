package io.graylane.library.servlet;

import io.graylane.core.chain.AttributeKey;
import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Headers;
import io.graylane.core.chain.Response;
import io.graylane.core.config.Propagation;
import io.graylane.core.trust.Baggage;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.context.LaneState;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One request's servlet side, reachable from the exchange's attributes so that the chain's terminal
 * handler (shared by every request) can continue the servlet filter chain. Used by one request at a time.
 */
@SuppressWarnings("try") // a scope is opened for its effect on the thread, not read
final class ServletCall {

    /** Where the exchange keeps its call; identity-keyed, so no middleware can read it by guessing. */
    static final AttributeKey<ServletCall> KEY = AttributeKey.of("graylane.servlet.call", ServletCall.class);

    /** The terminal handler of every filter chain: continue the servlet filter chain in the request's lane. */
    static final Handler TERMINAL = exchange -> {
        ServletCall call = exchange.attr(KEY);
        if (call == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "graylane servlet terminal: exchange has no servlet call (a middleware replaced the exchange's attributes)"));
        }
        return call.proceed(exchange);
    };

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final FilterChain chain;
    private final Propagation propagation;
    private boolean proceeded;
    private Throwable failure;
    private LaneState state;

    ServletCall(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Propagation propagation) {
        this.request = request;
        this.response = response;
        this.chain = chain;
        this.propagation = propagation;
    }

    /** Whether the application was called (else a middleware answered by itself). */
    boolean proceeded() {
        return proceeded;
    }

    /** What the application threw, or {@code null}. */
    Throwable failure() {
        return failure;
    }

    /** The lane the application ran in, or {@code null} when it was not called. */
    LaneState state() {
        return state;
    }

    private CompletionStage<Response> proceed(Exchange exchange) {
        try {
            run(exchange);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            failure = e;
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(Response.streaming(response.getStatus(), Headers.create()));
    }

    /**
     * Continues the servlet filter chain in the exchange's lane, the application's failure thrown as
     * it is: the terminal's work, called directly when there is no middleware chain (no futures).
     */
    void run(Exchange exchange) throws IOException, ServletException {
        proceeded = true;
        Headers headers = exchange.headers();
        state = stateOf(exchange.lane(), headers, propagation);
        request.setAttribute(GraylaneFilter.LANE_ATTRIBUTE, state.lane());
        request.setAttribute(GraylaneFilter.STATE_ATTRIBUTE, state);
        try (LaneScope ignored = LaneContext.attach(state)) {
            chain.doFilter(new LaneRequest(request, headers), response);
        }
    }

    /**
     * The lane state for the application: the lane and, when the vetted carrier (lane header or
     * baggage member) holds exactly that lane, the carrier's value, so a signed lane is forwarded signed.
     */
    static LaneState stateOf(String lane, Headers headers, Propagation propagation) {
        List<String> lines = headers.getAll(Baggage.HEADER);
        String baggage = lines.isEmpty() ? null : lines.size() == 1 ? lines.get(0) : String.join(",", lines);
        String carried = carrying(headers.get(propagation.laneHeader()), lane);
        if (carried == null && propagation.baggage()) {
            carried = carrying(Baggage.readMember(baggage, propagation.baggageKey()), lane);
        }
        return new LaneState(lane, carried, baggage, propagation.baggageKey());
    }

    private static String carrying(String value, String lane) {
        if (value == null) {
            return null;
        }
        return value.equals(lane) || value.startsWith(lane + ";") ? value : null;
    }
}
