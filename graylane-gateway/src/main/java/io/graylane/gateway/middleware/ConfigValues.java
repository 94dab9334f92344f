package io.graylane.gateway.middleware;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.Headers;
import io.graylane.core.chain.MiddlewareContext;

import java.time.Duration;
import java.util.Locale;

/** Config checks the built-in middleware share, with messages naming the config path. Stateless. */
final class ConfigValues {

    private ConfigValues() {
    }

    /** A required duration greater than zero. */
    static Duration positiveDuration(MiddlewareContext ctx, String key) {
        Duration d = ctx.duration(key, null);
        if (d == null) {
            throw new GraylaneException(ctx.path(key) + ": missing (expected: a duration such as 250ms, 5s or 1m30s)");
        }
        return checkPositive(ctx, key, d);
    }

    /** A duration greater than zero, or {@code fallback} when absent. */
    static Duration positiveDuration(MiddlewareContext ctx, String key, Duration fallback) {
        Duration d = ctx.duration(key, null);
        return d == null ? fallback : checkPositive(ctx, key, d);
    }

    private static Duration checkPositive(MiddlewareContext ctx, String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw ctx.invalid(key, ctx.config().get(key), "> 0");
        }
        return d;
    }

    /** A percentage in (0, 100], or {@code fallback} when absent. */
    static double percent(MiddlewareContext ctx, String key, double fallback, boolean zeroAllowed) {
        double p = ctx.doubleValue(key, fallback);
        if (p > 100 || p < 0 || (p == 0 && !zeroAllowed)) {
            throw ctx.invalid(key, ctx.config().get(key), zeroAllowed ? "0..100" : "> 0 and <= 100");
        }
        return p;
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
    static int intIn(MiddlewareContext ctx, String key, int fallback, int min, int max) {
        int v = ctx.intValue(key, fallback);
        if (v < min || v > max) {
            throw ctx.invalid(key, v, min + ".." + max);
        }
        return v;
    }

    /** A header name HTTP allows (a token), for {@code key} in messages. */
    static String headerName(MiddlewareContext ctx, String key, String name) {
        try {
            Headers.of(name, "");
        } catch (IllegalArgumentException e) {
            throw ctx.invalid(key, name, "a header name (an HTTP token)");
        }
        return name;
    }

    /** {@code 2s}, {@code 250ms}: how durations appear in answers. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis == 0) {
            return d.toNanos() / 1000 + "us";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
