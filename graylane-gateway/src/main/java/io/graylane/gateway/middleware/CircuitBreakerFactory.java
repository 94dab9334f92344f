package io.graylane.gateway.middleware;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.Response;
import io.graylane.core.model.Instance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code circuit-breaker}: a resilience4j circuit breaker per upstream instance. A 5xx (the upstream's,
 * or the gateway's 502/504 for connect errors and timeouts) is a failure; a response slower than
 * {@code slowCallDuration} is a slow call. Past {@code failureRate} or {@code slowCallRate} percent of
 * the last {@code window} calls (at least {@code minimumCalls} of them) the breaker opens for
 * {@code openDuration}, then lets {@code halfOpenCalls} probes through and closes or opens again on
 * their outcome.
 *
 * <p>When the chosen instance's breaker refuses the call, another instance of the same subset whose
 * breaker is not open is chosen instead (weighted, as the engine chooses); only when there is none is
 * the answer 503 {@code circuit open for <instance>}. This costs nothing unless the entry is
 * configured. Thread-safe.
 */
public final class CircuitBreakerFactory implements MiddlewareFactory {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakerFactory.class);

    /** The failure recorded for a 5xx: one shared instance without a stack (it is never thrown). */
    private static final Exception SERVER_ERROR = new Exception("5xx response", null, false, false) {
    };

    private final MiddlewareCounters rejected = new MiddlewareCounters();

    @Override
    public String type() {
        return "circuit-breaker";
    }

    /** Requests answered 503 because every instance's breaker was open, by chain entry id. */
    public MiddlewareCounters rejected() {
        return rejected;
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        ctx.requireOnly("failureRate", "slowCallRate", "slowCallDuration", "minimumCalls", "window", "windowType",
                "openDuration", "halfOpenCalls", "maxInstances");
        float failureRate = (float) ConfigValues.percent(ctx, "failureRate", 50, false);
        float slowCallRate = (float) ConfigValues.percent(ctx, "slowCallRate", 100, false);
        Duration slowCall = ConfigValues.positiveDuration(ctx, "slowCallDuration", Duration.ofSeconds(10));
        int minimumCalls = ConfigValues.intIn(ctx, "minimumCalls", 20, 1, 100_000);
        int window = ConfigValues.intIn(ctx, "window", 100, 1, 100_000);
        String windowType = ctx.string("windowType", "count");
        CircuitBreakerConfig.SlidingWindowType type = switch (windowType) {
            case "count" -> CircuitBreakerConfig.SlidingWindowType.COUNT_BASED;
            case "time" -> CircuitBreakerConfig.SlidingWindowType.TIME_BASED;
            default -> throw ctx.invalid("windowType", windowType, "count (the last window calls) or time (the last window seconds)");
        };
        Duration open = ConfigValues.positiveDuration(ctx, "openDuration", Duration.ofSeconds(30));
        int halfOpenCalls = ConfigValues.intIn(ctx, "halfOpenCalls", 5, 1, 10_000);
        int maxInstances = ConfigValues.intIn(ctx, "maxInstances", 10_000, 1, 1_000_000);
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRate)
                .slowCallRateThreshold(slowCallRate)
                .slowCallDurationThreshold(slowCall)
                .slidingWindow(window, minimumCalls, type)
                .waitDurationInOpenState(open)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(false) // no timer thread: the next call moves it
                .writableStackTraceEnabled(false)
                .build();
        return new Breaker(ctx.id(), new InstanceBreakers(config, maxInstances), rejected.counter(ctx.id()));
    }

    private record Breaker(String id, InstanceBreakers breakers, LongAdder count) implements Middleware {
        @Override
        public Handler apply(Handler next) {
            return exchange -> {
                GatewayExchange gx = GatewayExchange.of(exchange);
                Instance chosen = gx == null ? null : gx.instance();
                if (chosen == null) {
                    return next.handle(exchange); // nothing to protect: the terminal answers 404 or 503
                }
                CircuitBreaker breaker = breakers.of(chosen);
                if (!breaker.tryAcquirePermission()) {
                    Instance other = gx.pickInstance(i -> i != chosen && breakers.allowsCalls(i));
                    CircuitBreaker otherBreaker = other == null ? null : breakers.of(other);
                    if (otherBreaker == null || !otherBreaker.tryAcquirePermission()) {
                        count.increment();
                        return CompletableFuture.completedFuture(Response.of(503, "circuit open for " + chosen.id() + "\n"));
                    }
                    gx.setInstance(other);
                    breaker = otherBreaker;
                }
                CircuitBreaker b = breaker;
                long start = b.getCurrentTimestamp();
                CompletionStage<Response> stage = next.handle(exchange);
                // Watch the stage, return it as it is: no dependent stage on the chain's path.
                stage.whenComplete((response, failure) -> record(b, start, response, failure));
                return stage;
            };
        }

        private void record(CircuitBreaker b, long start, Response response, Throwable failure) {
            long duration = b.getCurrentTimestamp() - start;
            TimeUnit unit = b.getTimestampUnit();
            CircuitBreaker.State before = b.getState();
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof CancellationException) {
                    b.releasePermission(); // abandoned (a timeout outside, the client left): no verdict
                } else {
                    b.onError(duration, unit, cause);
                }
            } else if (response.status() >= 500) {
                b.onError(duration, unit, SERVER_ERROR);
            } else {
                b.onSuccess(duration, unit);
            }
            CircuitBreaker.State after = b.getState();
            if (after != before) {
                log.info("circuit-breaker '{}': {} {} -> {}", id, b.getName(), before, after);
            }
        }
    }
}
