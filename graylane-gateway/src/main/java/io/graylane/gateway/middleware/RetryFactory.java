package io.graylane.gateway.middleware;

import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.Response;
import io.graylane.core.model.Instance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * {@code retry}: sends an idempotent request (GET, HEAD, OPTIONS, PUT, DELETE — never POST or PATCH)
 * again when its upstream attempt failed in a way listed in {@code retryOn} (default: a connect error,
 * 502 and 503), to another instance of the same subset when there is one. Only a request whose body
 * has not started going upstream (or that has none) is sent again: bodies are streamed, not kept.
 * Config: {@code attempts} (in all, default 2), {@code retryOn}, and a budget — retries at most
 * {@code budgetMinRetries} (default 3) plus {@code budgetPercent} % (default 20) of the requests over
 * the last {@code budgetWindow} (default 10s). Thread-safe.
 */
public final class RetryFactory implements MiddlewareFactory {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    private final MiddlewareCounters retried = new MiddlewareCounters();
    private final MiddlewareCounters budgetExhausted = new MiddlewareCounters();
    private final LongSupplier clock;

    /** A factory on the system's monotonic clock. */
    public RetryFactory() {
        this(System::nanoTime);
    }

    /** A factory on {@code nanoClock} (tests). */
    RetryFactory(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    @Override
    public String type() {
        return "retry";
    }

    /** Retries made, by chain entry id. */
    public MiddlewareCounters retried() {
        return retried;
    }

    /** Retries not made because the budget was spent, by chain entry id. */
    public MiddlewareCounters budgetExhausted() {
        return budgetExhausted;
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        ctx.requireOnly("attempts", "retryOn", "budgetPercent", "budgetWindow", "budgetMinRetries");
        int attempts = ConfigValues.intIn(ctx, "attempts", 2, 1, 10);
        BitSet statuses = new BitSet(600);
        boolean connectErrors = parseRetryOn(ctx, statuses);
        double percent = ConfigValues.percent(ctx, "budgetPercent", 20, true);
        Duration window = ConfigValues.positiveDuration(ctx, "budgetWindow", Duration.ofSeconds(10));
        int minRetries = ConfigValues.intIn(ctx, "budgetMinRetries", 3, 0, 1_000_000);
        RetryBudget budget = new RetryBudget(percent, window.toNanos(), minRetries, clock);
        return new Retry(attempts, statuses, connectErrors, budget, retried.counter(ctx.id()),
                budgetExhausted.counter(ctx.id()));
    }

    /** Reads {@code retryOn} into {@code statuses}; returns whether connect errors are listed. */
    private static boolean parseRetryOn(MiddlewareContext ctx, BitSet statuses) {
        Object v = ctx.config().get("retryOn");
        if (v == null) {
            statuses.set(502);
            statuses.set(503);
            return true;
        }
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw ctx.invalid("retryOn", v, "a non-empty list of connect-error and statuses 500..599");
        }
        boolean connect = false;
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if ("connect-error".equals(item)) {
                connect = true;
                continue;
            }
            Integer status = item instanceof Integer n ? n : item instanceof String s && s.matches("5\\d\\d")
                    ? Integer.valueOf(s) : null;
            if (status == null || status < 500 || status > 599) {
                throw ctx.invalid("retryOn[" + i + "]", item, "connect-error or a status 500..599");
            }
            statuses.set(status);
        }
        return connect;
    }

    private static final class Retry implements Middleware {
        private final int attempts;
        private final BitSet statuses;
        private final boolean connectErrors;
        private final RetryBudget budget;
        private final LongAdder retried;
        private final LongAdder exhausted;

        Retry(int attempts, BitSet statuses, boolean connectErrors, RetryBudget budget, LongAdder retried,
              LongAdder exhausted) {
            this.attempts = attempts;
            this.statuses = statuses;
            this.connectErrors = connectErrors;
            this.budget = budget;
            this.retried = retried;
            this.exhausted = exhausted;
        }

        @Override
        public boolean callsNextMoreThanOnce() {
            return true;
        }

        @Override
        public Handler apply(Handler next) {
            return exchange -> {
                GatewayExchange gx = GatewayExchange.of(exchange);
                if (gx == null || attempts == 1 || !IDEMPOTENT.contains(exchange.method())) {
                    return next.handle(exchange);
                }
                budget.recordRequest();
                return attempt(next, exchange, gx, 1, null);
            };
        }

        private CompletionStage<Response> attempt(Handler next, Exchange exchange, GatewayExchange gx, int n,
                                                  List<Instance> tried) {
            CompletionStage<Response> stage = next.handle(exchange);
            if (n >= attempts) {
                return stage;
            }
            // thenCompose runs after the stage completed: the contract's "never concurrently".
            return stage.thenCompose(response -> {
                if (!shouldRetry(response, gx)) {
                    return stage;
                }
                if (!budget.tryRetry()) {
                    exhausted.increment();
                    return stage;
                }
                List<Instance> seen = tried == null ? new ArrayList<>(attempts) : tried;
                seen.add(gx.instance());
                Instance other = gx.pickInstance(i -> !seen.contains(i));
                if (other != null) {
                    gx.setInstance(other);
                }
                retried.increment();
                return attempt(next, exchange, gx, n + 1, seen);
            });
        }

        private boolean shouldRetry(Response response, GatewayExchange gx) {
            if (gx.instance() == null || gx.requestBodyStarted()) {
                return false;
            }
            UpstreamFailure failure = gx.upstreamFailure();
            return statuses.get(response.status()) || connectErrors && failure != null && failure.beforeConnect();
        }
    }
}
