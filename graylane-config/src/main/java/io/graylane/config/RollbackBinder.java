package io.graylane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.graylane.core.config.RollbackSettings;

import java.time.Duration;

/** Binds the {@code rollback} section (history size, automatic rollback). Used once per load, by one thread. */
final class RollbackBinder {

    private static final String WINDOW_EXPECTED = "a Go duration such as 60s or 2m, more than 0 and at most 1h";
    private static final Duration MAX_WINDOW = Duration.ofHours(1);

    private final Problems problems;

    RollbackBinder(Problems problems) {
        this.problems = problems;
    }

    RollbackSettings rollback(Fields f) {
        RollbackSettings d = RollbackSettings.DEFAULT;
        Integer history = f.integer("history", 1, RollbackSettings.MAX_HISTORY,
                "an integer 1.." + RollbackSettings.MAX_HISTORY, d.history());
        RollbackSettings.Auto auto = f.section("auto", KnownKeys.AUTO_ROLLBACK, d.auto(), this::auto);
        if (history == null || auto == null) {
            return null;
        }
        return f.build(() -> new RollbackSettings(history, auto));
    }

    private RollbackSettings.Auto auto(Fields f) {
        RollbackSettings.Auto d = RollbackSettings.Auto.OFF;
        boolean enabled = f.bool("enabled", d.enabled());
        Duration window = window(f, d.window());
        Integer minRequests = f.integer("minRequests", 1, Integer.MAX_VALUE, "an integer >= 1", (int) d.minRequests());
        Double margin = margin(f, d.margin());
        if (window == null || minRequests == null || margin == null) {
            return null;
        }
        return f.build(() -> new RollbackSettings.Auto(enabled, window, minRequests, margin));
    }

    private Duration window(Fields f, Duration fallback) {
        String text = f.string("window", WINDOW_EXPECTED, null);
        if (text == null) {
            return f.has("window") ? null : fallback;
        }
        Duration window = GoDurations.parse(text.strip());
        if (window == null || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            problems.add(f.path("window"), Values.quote(text) + " (expected: " + WINDOW_EXPECTED + ")");
            return null;
        }
        return window;
    }

    private Double margin(Fields f, double fallback) {
        String expected = "a fraction 0 <= margin < 1, such as 0.05 for 5 percentage points";
        JsonNode v = f.get("margin", expected);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber() || !(v.doubleValue() >= 0 && v.doubleValue() < 1)) {
            problems.add(f.path("margin"), Values.render(v) + " (expected: " + expected + ")");
            return null;
        }
        return v.doubleValue();
    }
}
