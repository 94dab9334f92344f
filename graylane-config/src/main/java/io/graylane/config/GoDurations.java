package io.graylane.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations written the way Consul (Go's {@code time.ParseDuration}) writes them: {@code 30s},
 * {@code 1m30s}, {@code 1.5s}, {@code 250ms}, {@code 100us}, {@code 2h}, and {@code 0}. Negative
 * durations are not accepted: no setting here wants one. Stateless.
 */
final class GoDurations {

    private static final Pattern WHOLE = Pattern.compile("(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    /** Go's durations are int64 nanoseconds: about 290 years. */
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDurations() {
    }

    /** The duration {@code text} says, or {@code null} when it is not a Go duration. */
    static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(text).matches()) {
            return null;
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            return null;
        }
        // Go truncates fractions of a nanosecond too.
        return Duration.ofNanos(nanos.longValue());
    }
}
