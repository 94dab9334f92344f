package io.graylane.gateway.middleware;

import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareException;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code recover}: a failure of what comes after it — a middleware that threw, returned a failed stage
 * or broke the chain's contract — becomes a 500 {@code internal error in middleware 'x'}, counted and
 * logged once with its stack, and the gateway goes on serving. Cancellations (an abandoned upstream
 * attempt, a closed connection) pass through: nobody waits for them. Last in a chain (nothing after it
 * but the gateway's forwarding) it has nothing to catch, and says so ({@link Middleware#passesThrough}):
 * a chain of nothing else is not run at all. No config keys. Thread-safe.
 */
public final class RecoverFactory implements MiddlewareFactory {

    private static final Logger log = LoggerFactory.getLogger(RecoverFactory.class);

    private final MiddlewareCounters recovered = new MiddlewareCounters();

    @Override
    public String type() {
        return "recover";
    }

    /** Failures turned into 500s, by chain entry id. */
    public MiddlewareCounters recovered() {
        return recovered;
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        ctx.requireOnly();
        return new Recover(ctx.id(), recovered.counter(ctx.id()));
    }

    private record Recover(String id, LongAdder count) implements Middleware {
        /**
         * In front of a handler whose pending stage can only be cancelled (the gateway's forwarding),
         * recover would act only on what that handler throws or fails with at once: a bug in it.
         */
        @Override
        public boolean passesThrough(Handler next) {
            return next.failsOnlyByCancellation();
        }

        @Override
        public Handler apply(Handler next) {
            return exchange -> {
                CompletionStage<Response> stage;
                try {
                    stage = next.handle(exchange);
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    // next is a chain link, which reports failures through the stage; it throws only when
                    // the middleware before it broke the contract (called next twice).
                    return CompletableFuture.completedFuture(recover(exchange, e));
                }
                if (stage instanceof CompletableFuture<Response> f && f.isDone()) {
                    return f.isCompletedExceptionally() ? stage.exceptionally(failure -> recover(exchange, failure))
                            : stage; // nothing to watch: no dependent stage
                }
                if (next.failsOnlyByCancellation()) {
                    return stage; // what follows can only be cancelled, and a cancellation passes anyway
                }
                return stage.exceptionally(failure -> recover(exchange, failure));
            };
        }

        private Response recover(Exchange exchange, Throwable failure) {
            Throwable cause = failure;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof CancellationException c) {
                throw c;
            }
            count.increment();
            String text = cause instanceof MiddlewareException m
                    ? "internal error in middleware '" + m.middlewareId() + "'" : "internal error";
            log.error("recover '{}': {} {}: {}; answered 500", id, exchange.method(), exchange.path(),
                    cause.getMessage(), cause);
            return Response.of(500, text + "\n");
        }
    }
}
