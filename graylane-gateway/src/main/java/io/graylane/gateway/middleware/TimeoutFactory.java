package io.graylane.gateway.middleware;

import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.Response;
import io.graylane.core.model.Route;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code timeout}: a deadline for the response headers of what comes after it. When it passes first,
 * the answer is 504 {@code timeout after 2s} and the gateway abandons the upstream attempt (its
 * connection closes). Config: {@code duration} (required, > 0) and {@code routes} (route names it
 * applies to; default all). The timer runs on the request's event loop. Thread-safe.
 */
public final class TimeoutFactory implements MiddlewareFactory {

    private final MiddlewareCounters timedOut = new MiddlewareCounters();

    @Override
    public String type() {
        return "timeout";
    }

    /** Requests answered 504 by a timeout, by chain entry id. */
    public MiddlewareCounters timedOut() {
        return timedOut;
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        ctx.requireOnly("duration", "routes");
        Duration duration = ConfigValues.positiveDuration(ctx, "duration");
        List<String> routes = ctx.stringList("routes");
        for (int i = 0; i < routes.size(); i++) {
            if (routes.get(i).isEmpty()) {
                throw ctx.invalid("routes[" + i + "]", "", "a route name");
            }
        }
        return new Timeout(duration.toNanos(), "timeout after " + ConfigValues.format(duration) + "\n",
                Set.copyOf(routes), timedOut.counter(ctx.id()));
    }

    private static final class Timeout implements Middleware, AutoCloseable {
        private final long nanos;
        private final String text;
        private final Set<String> routes;
        private final LongAdder count;
        /** Timers for exchanges that did not come from the gateway (tests, library use); made on first use. */
        private ScheduledThreadPoolExecutor fallback;

        Timeout(long nanos, String text, Set<String> routes, LongAdder count) {
            this.nanos = nanos;
            this.text = text;
            this.routes = routes;
            this.count = count;
        }

        @Override
        public Handler apply(Handler next) {
            return exchange -> {
                GatewayExchange gx = GatewayExchange.of(exchange);
                if (!routes.isEmpty()) {
                    Route route = gx == null ? null : gx.route();
                    if (route == null || !routes.contains(route.name())) {
                        return next.handle(exchange);
                    }
                }
                CompletionStage<Response> stage = next.handle(exchange);
                if (stage instanceof CompletableFuture<Response> f && f.isDone()) {
                    return stage; // answered at once (a 404, a 429 …): no timer
                }
                CompletableFuture<Response> result = new CompletableFuture<>();
                ScheduledFuture<?> timer = timers(gx).schedule(() -> {
                    if (result.complete(Response.of(504, text))) {
                        count.increment();
                    }
                }, nanos, TimeUnit.NANOSECONDS);
                stage.whenComplete((response, failure) -> {
                    timer.cancel(false);
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(response); // too late: dropped, the gateway abandoned the attempt
                    }
                });
                return result;
            };
        }

        private ScheduledExecutorService timers(GatewayExchange gx) {
            if (gx != null) {
                return gx.executor();
            }
            synchronized (this) {
                if (fallback == null) {
                    fallback = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "graylane-timeout");
                        t.setDaemon(true);
                        return t;
                    });
                    fallback.setRemoveOnCancelPolicy(true);
                }
                return fallback;
            }
        }

        @Override
        public synchronized void close() {
            if (fallback != null) {
                fallback.shutdownNow();
            }
        }
    }
}
