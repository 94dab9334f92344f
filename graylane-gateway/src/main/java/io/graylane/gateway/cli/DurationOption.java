package io.graylane.gateway.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses duration options: {@code 30s}, {@code 500ms}, {@code 1m30s}, {@code 2h}, or {@code 0}. Stateless. */
final class DurationOption {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private DurationOption() {
    }

    /**
     * The duration {@code text} says.
     *
     * @throws IllegalArgumentException {@code --shutdown-timeout: soon (expected: a duration such as 30s, 500ms or 1m30s)}
     */
    static Duration parse(String option, String text) {
        String s = text == null ? "" : text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException(option + ": " + text + " (expected: a duration such as 30s, 500ms or 1m30s)");
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(s);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(option + ": " + text + " (expected: a duration such as 30s, 500ms or 1m30s)");
        }
        return d;
    }

    /** {@code 30s}, {@code 250ms}, {@code 1m30s}: the form of {@link #parse}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        long s = ms / 1000 % 60;
        long rest = ms % 1000;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (rest > 0) {
            sb.append(rest).append("ms");
        }
        return sb.toString();
    }
}
