package io.graylane.consul.internal;

import java.time.Duration;

/**
 * Renders durations the way Consul (Go's {@code time.ParseDuration}) reads them and the way error
 * messages show them: {@code 0s}, {@code 250ms}, {@code 1s}, {@code 90s}, {@code 5m}. Stateless.
 */
public final class GoDuration {

    private GoDuration() {
    }

    /**
     * The shortest exact Go rendering: whole minutes as {@code Nm}, whole seconds as {@code Ns},
     * otherwise milliseconds (sub-millisecond parts are rounded up, so a wait is never shortened to 0).
     */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        long nanos = d.getNano();
        long seconds = d.getSeconds();
        if (nanos == 0) {
            if (seconds % 60 == 0) {
                return seconds / 60 + "m";
            }
            return seconds + "s";
        }
        long millis = seconds * 1000 + (nanos + 999_999) / 1_000_000;
        return millis + "ms";
    }
}
