package io.graylane.core.plugin;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.Response;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A plugin's factory as the host uses it: {@code create} runs with the plugin's class loader as the
 * thread's context loader and its failures name the jar; the middleware it makes counts serving
 * failures and cuts off a request the plugin does not answer within the serve timeout. Failures still
 * reach the chain (as failed stages), where a {@code recover} entry turns them into error responses.
 * Thread-safe.
 */
final class GuardedFactory implements MiddlewareFactory {

    private final MiddlewareFactory delegate;
    private final PluginJar jar;
    private final ClassLoader loader;
    private final PluginFailures failures;
    private final long timeoutNanos;
    private final String type;

    GuardedFactory(MiddlewareFactory delegate, PluginJar jar, ClassLoader loader, PluginFailures failures, long timeoutNanos) {
        this.delegate = delegate;
        this.jar = jar;
        this.loader = loader;
        this.failures = failures;
        this.timeoutNanos = timeoutNanos;
        this.type = delegate.type();
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Middleware create(MiddlewareContext context) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        Middleware m;
        try {
            m = delegate.create(context);
        } catch (GraylaneException e) {
            // Keep the entry's config path in front (the chain relies on it), and name the jar.
            throw new GraylaneException(e.getMessage() + " [plugin " + jar.fileName() + "]", e);
        } catch (RuntimeException | LinkageError e) {
            throw new GraylaneException("chain[id=" + context.id() + "] (type " + type + "): plugin " + jar.fileName()
                    + " failed to provision: " + LoadedPlugin.describe(e), e);
        } finally {
            thread.setContextClassLoader(before);
        }
        return m == null ? null : new Guarded(m);
    }

    /** The plugin's middleware with failures counted and a serve timeout. */
    private final class Guarded implements Middleware, AutoCloseable {
        private final Middleware inner;

        Guarded(Middleware inner) {
            this.inner = inner;
        }

        @Override
        public Handler apply(Handler next) {
            Handler h = inner.apply(next);
            if (h == null) {
                return null;
            }
            return exchange -> serve(h, exchange);
        }

        private CompletionStage<Response> serve(Handler h, Exchange exchange) {
            CompletionStage<Response> stage;
            try {
                stage = h.handle(exchange);
            } catch (RuntimeException | LinkageError e) {
                failures.threw(type);
                throw e;
            }
            if (stage == null) {
                failures.threw(type);
                return null;
            }
            CompletableFuture<Response> f = stage.toCompletableFuture();
            if (f.isDone()) {
                if (f.isCompletedExceptionally()) {
                    failures.threw(type);
                }
                return f;
            }
            CompletableFuture<Response> guarded = new CompletableFuture<>();
            f.whenComplete((r, e) -> {
                if (e != null) {
                    if (guarded.completeExceptionally(e)) {
                        failures.threw(type);
                    }
                } else {
                    guarded.complete(r);
                }
            });
            if (timeoutNanos > 0) {
                // A timer that never completes by itself: completing it when the plugin answers cancels
                // the scheduled timeout, so nothing holds the exchange (or the plugin) until it fires.
                CompletableFuture<Void> timer = new CompletableFuture<Void>().orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
                guarded.whenComplete((r, e) -> timer.complete(null));
                timer.whenComplete((v, e) -> {
                    if (e instanceof TimeoutException && !guarded.isDone()) {
                        failures.timedOut(type);
                        guarded.completeExceptionally(new TimeoutException("plugin " + jar.fileName()
                                + " did not answer within " + Duration.ofNanos(timeoutNanos).toMillis() + "ms"));
                    }
                });
            }
            return guarded;
        }

        @Override
        public boolean callsNextMoreThanOnce() {
            return inner.callsNextMoreThanOnce();
        }

        @Override
        public void close() throws Exception {
            if (inner instanceof AutoCloseable c) {
                c.close();
            }
        }
    }

    @Override
    public String toString() {
        return "plugin factory " + type + " from " + jar;
    }
}
