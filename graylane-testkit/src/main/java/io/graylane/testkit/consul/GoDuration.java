package io.graylane.testkit.consul;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Parses Go's {@code time.ParseDuration} syntax ({@code 100ms}, {@code 1m30s}, {@code -1.5h}). Stateless. */
final class GoDuration {

    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * Returns the duration, or throws {@link IllegalArgumentException} for text Go would reject
     * (missing unit, unknown unit, empty, overflow).
     */
    static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text);
        }
        int i = 0;
        boolean negative = false;
        char first = text.charAt(0);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        // Go accepts a bare "0" (with optional sign) and nothing else without a unit.
        if (text.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == text.length()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        while (i < text.length()) {
            int numberStart = i;
            int digits = 0;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
            if (i < text.length() && text.charAt(i) == '.') {
                i++;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                    digits++;
                }
            }
            if (digits == 0) {
                throw invalid(text);
            }
            String number = text.substring(numberStart, i);
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            long unit = unitNanos(text.substring(unitStart, i), text);
            nanos = nanos.add(new BigDecimal(number.endsWith(".") ? number + "0" : number)
                    .multiply(BigDecimal.valueOf(unit)));
            if (nanos.compareTo(MAX_NANOS) > 0) {
                throw invalid(text);
            }
        }
        long value = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
        return Duration.ofNanos(negative ? -value : value);
    }

    private static long unitNanos(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw invalid(text);
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }
}
