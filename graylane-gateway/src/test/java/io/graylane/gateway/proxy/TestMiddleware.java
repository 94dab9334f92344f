package io.graylane.gateway.proxy;

import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.Response;
import io.graylane.gateway.middleware.GatewayExchange;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Middleware types for the chain adapter's tests, each a factory of its own. */
final class TestMiddleware {

    private TestMiddleware() {
    }

    /** {@code trace}: appends its {@code name} to request header X-Trace and to response header X-Trace-Out. */
    static MiddlewareFactory trace() {
        return MiddlewareFactory.of("trace", ctx -> {
            String name = ctx.string("name");
            return next -> exchange -> {
                exchange.headers().add("X-Trace", name);
                return next.handle(exchange).thenApply(r -> {
                    r.headers().add("X-Trace-Out", name);
                    return r;
                });
            };
        });
    }

    /**
     * {@code hop}: adds hop-by-hop headers, and a header its {@code Connection} names, to the request
     * and to the response: the gateway must strip them again after the chain.
     */
    static MiddlewareFactory hop() {
        return MiddlewareFactory.of("hop", ctx -> next -> exchange -> {
            exchange.headers().set("Connection", "X-Secret").set("X-Secret", "in").set("Upgrade", "h2c")
                    .set("Keep-Alive", "timeout=5");
            return next.handle(exchange).thenApply(r -> {
                r.headers().set("Connection", "X-Secret-Out").set("X-Secret-Out", "out")
                        .set("Proxy-Connection", "keep-alive").set("Keep-Alive", "timeout=5");
                return r;
            });
        });
    }

    /** {@code throw}: throws instead of handling. */
    static MiddlewareFactory thrower() {
        return MiddlewareFactory.of("throw", ctx -> next -> exchange -> {
            throw new IllegalStateException("boom in " + ctx.id());
        });
    }

    /** {@code deny}: answers 403 by itself. */
    static MiddlewareFactory deny() {
        return MiddlewareFactory.of("deny", ctx -> next -> exchange ->
                CompletableFuture.completedFuture(Response.of(403, "denied by " + ctx.id() + "\n")));
    }

    /** {@code later}: hands the upstream's response on from another thread, {@code delayMs} later. */
    static MiddlewareFactory later() {
        return MiddlewareFactory.of("later", ctx -> {
            long delay = ctx.longValue("delayMs", 50);
            return next -> exchange -> next.handle(exchange).thenApplyAsync(r -> {
                r.headers().set("X-Later", "yes");
                return r;
            }, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
        });
    }

    /** {@code lane}: sets the request's lane to {@code lane}. */
    static MiddlewareFactory lane() {
        return MiddlewareFactory.of("lane", ctx -> {
            String lane = ctx.string("lane");
            return next -> exchange -> {
                exchange.setLane(lane);
                return next.handle(exchange);
            };
        });
    }

    /** {@code facts}: tells what the exchange carried on arrival in response header X-Facts. */
    static MiddlewareFactory facts() {
        return MiddlewareFactory.of("facts", ctx -> next -> exchange -> {
            GatewayExchange gx = GatewayExchange.of(exchange);
            String facts = "lane=" + exchange.lane() + " route=" + gx.route().name() + " instance="
                    + gx.instance().id() + " source=" + gx.laneSource() + " rule=" + gx.rule()
                    + " query=" + exchange.queryString() + " path=" + exchange.path();
            return next.handle(exchange).thenApply(r -> {
                r.headers().set("X-Facts", facts);
                return r;
            });
        });
    }

    /**
     * {@code probe}: counts the requests it has in flight and checks, when its chain closes, that none
     * is; every probe made is kept in {@link Probes#made}.
     */
    static final class Probes implements MiddlewareFactory {
        final ConcurrentLinkedQueue<Probe> made = new ConcurrentLinkedQueue<>();

        @Override
        public String type() {
            return "probe";
        }

        @Override
        public Middleware create(MiddlewareContext ctx) {
            Probe p = new Probe(ctx.string("name", ctx.id()));
            made.add(p);
            return p;
        }

        List<Probe> all() {
            return List.copyOf(made);
        }
    }

    static final class Probe implements Middleware, AutoCloseable {
        final String name;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger served = new AtomicInteger();
        volatile boolean closed;
        volatile int inFlightAtClose = -1;

        Probe(String name) {
            this.name = name;
        }

        @Override
        public Handler apply(Handler next) {
            return exchange -> {
                inFlight.incrementAndGet();
                return next.handle(exchange).whenComplete((r, t) -> {
                    served.incrementAndGet();
                    inFlight.decrementAndGet();
                    if (r != null) {
                        r.headers().set("X-Probe", name);
                    }
                });
            };
        }

        @Override
        public void close() {
            inFlightAtClose = inFlight.get();
            closed = true;
        }
    }
}
