package io.graylane.gateway.middleware;

import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.Middleware;
import io.graylane.core.chain.MiddlewareContext;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.Response;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rate-limit}: a token bucket per key; a request over the limit is answered 429
 * {@code rate limit exceeded} with {@code Retry-After} (whole seconds, at least 1) and goes no further.
 * Config: {@code rate} (required: {@code 100/s}, {@code 600/m}, {@code 1000/h}), {@code burst}
 * (requests a full bucket allows at once; default the rate per second, at least 1), {@code key}
 * ({@code client-ip} (default), {@code global} or {@code header:NAME}; requests without the header
 * share one bucket) and {@code maxKeys} (keys kept, least recently used dropped first; default 100000).
 * Thread-safe.
 */
public final class RateLimitFactory implements MiddlewareFactory {

    private static final Pattern RATE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|h)\\s*");
    private static final int DEFAULT_MAX_KEYS = 100_000;

    private final MiddlewareCounters limited = new MiddlewareCounters();
    private final LongSupplier clock;

    /** A factory on the system's monotonic clock. */
    public RateLimitFactory() {
        this(System::nanoTime);
    }

    /** A factory on {@code nanoClock} (tests). */
    RateLimitFactory(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    @Override
    public String type() {
        return "rate-limit";
    }

    /** Requests answered 429, by chain entry id. */
    public MiddlewareCounters limited() {
        return limited;
    }

    @Override
    public Middleware create(MiddlewareContext ctx) {
        ctx.requireOnly("rate", "burst", "key", "maxKeys");
        String rateText = ctx.string("rate");
        Matcher m = RATE.matcher(rateText);
        double perUnit = m.matches() ? Double.parseDouble(m.group(1)) : -1;
        if (perUnit <= 0) {
            throw ctx.invalid("rate", rateText, "a rate above 0 such as 100/s, 600/m or 1000/h");
        }
        long unitNanos = switch (m.group(2)) {
            case "s" -> TimeUnit.SECONDS.toNanos(1);
            case "m" -> TimeUnit.MINUTES.toNanos(1);
            default -> TimeUnit.HOURS.toNanos(1);
        };
        double intervalNanos = unitNanos / perUnit;
        if (intervalNanos < 1) {
            throw ctx.invalid("rate", rateText, "at most 1000000000/s");
        }
        double perSecond = perUnit * TimeUnit.SECONDS.toNanos(1) / unitNanos;
        int burst = ctx.positiveInt("burst", (int) Math.max(1, Math.min(1_000_000, Math.round(perSecond))));
        if (burst > 1_000_000) {
            throw ctx.invalid("burst", burst, "1..1000000");
        }
        int maxKeys = ConfigValues.intIn(ctx, "maxKeys", DEFAULT_MAX_KEYS, 1, 10_000_000);
        String key = ctx.string("key", "client-ip");
        String header = null;
        if (key.startsWith("header:")) {
            header = ConfigValues.headerName(ctx, "key", key.substring("header:".length()));
        } else if (!key.equals("client-ip") && !key.equals("global")) {
            throw ctx.invalid("key", key, "client-ip, global or header:<name>");
        }
        RateLimiter limiter = new RateLimiter((long) intervalNanos, burst, maxKeys);
        return new RateLimit(limiter, key.equals("global"), header, clock, limited.counter(ctx.id()));
    }

    private record RateLimit(RateLimiter limiter, boolean global, String header, LongSupplier clock,
                             LongAdder count) implements Middleware {
        @Override
        public Handler apply(Handler next) {
            return exchange -> {
                long now = clock.getAsLong();
                long wait = global ? limiter.acquireGlobal(now) : limiter.acquire(key(exchange), now);
                if (wait == 0) {
                    return next.handle(exchange);
                }
                count.increment();
                long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
                Response response = Response.of(429, "rate limit exceeded\n");
                response.headers().set("Retry-After", Long.toString(seconds));
                return CompletableFuture.completedFuture(response);
            };
        }

        private String key(Exchange exchange) {
            if (header != null) {
                String value = exchange.header(header);
                return value == null ? "" : value;
            }
            InetAddress client = exchange.clientAddress();
            return client == null ? "unknown" : client.getHostAddress();
        }
    }

}
