package io.graylane.gateway.middleware;

import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.gateway.tracing.TracingFactory;

import java.util.List;

/**
 * The gateway's built-in middleware types, one factory each: {@code recover}, {@code timeout},
 * {@code header}, {@code rate-limit}, {@code circuit-breaker}, {@code retry}, {@code access-log},
 * {@code debug-header} and {@code tracing} (see {@code docs/middleware.md}). One instance per gateway: the factories keep
 * their counters across config reloads, which the metrics work reads through the accessors here.
 * Thread-safe.
 *
 * <pre>{@code
 * BuiltinMiddleware builtins = new BuiltinMiddleware();
 * GatewayServer server = GatewayServer.builder(engine)
 *         .middlewareRegistry(builtins.registry().with(new AcmeJwtFactory()))
 *         .build();
 * long recovered = builtins.recover().recovered().total();
 * }</pre>
 */
public final class BuiltinMiddleware {

    private final RecoverFactory recover = new RecoverFactory();
    private final TimeoutFactory timeout = new TimeoutFactory();
    private final HeaderFactory header = new HeaderFactory();
    private final RateLimitFactory rateLimit = new RateLimitFactory();
    private final CircuitBreakerFactory circuitBreaker = new CircuitBreakerFactory();
    private final RetryFactory retry = new RetryFactory();
    private final AccessLogFactory accessLog = new AccessLogFactory();
    private final DebugHeaderFactory debugHeader = new DebugHeaderFactory();
    private final TracingFactory tracing = new TracingFactory();

    /** Every built-in factory, in the order of the documentation. */
    public List<MiddlewareFactory> factories() {
        return List.of(recover, timeout, header, rateLimit, circuitBreaker, retry, accessLog, debugHeader, tracing);
    }

    /** A registry of the built-in types; add plugin types with {@link MiddlewareRegistry#with}. */
    public MiddlewareRegistry registry() {
        return MiddlewareRegistry.of(factories());
    }

    /** The {@code recover} factory and its counts of failures turned into 500s. */
    public RecoverFactory recover() {
        return recover;
    }

    /** The {@code timeout} factory and its counts of 504s. */
    public TimeoutFactory timeout() {
        return timeout;
    }

    /** The {@code rate-limit} factory and its counts of 429s. */
    public RateLimitFactory rateLimit() {
        return rateLimit;
    }

    /** The {@code circuit-breaker} factory and its counts of calls refused by open breakers. */
    public CircuitBreakerFactory circuitBreaker() {
        return circuitBreaker;
    }

    /** The {@code retry} factory and its counts of retries. */
    public RetryFactory retry() {
        return retry;
    }
}
