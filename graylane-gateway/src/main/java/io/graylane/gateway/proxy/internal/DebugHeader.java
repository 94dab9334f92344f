package io.graylane.gateway.proxy.internal;

import io.graylane.core.engine.LaneSource;
import io.graylane.core.model.Instance;
import io.graylane.core.route.FallbackStep;
import io.graylane.core.route.Resolution;
import io.netty.util.AsciiString;

import java.util.List;
import java.util.Locale;

/**
 * Writes the opt-in {@code X-Graylane-Debug} value from the objects the fast path already holds, in
 * the format of {@code Explanation.debugHeader()}: {@code lane=canary; source=rule; rule=beta-users;
 * served=stable; fallback="canary: no instances"; instance=orders-1}. One reusable builder per
 * connection; the only allocation is the final string. Not thread-safe.
 */
final class DebugHeader {

    static final AsciiString NAME = AsciiString.cached("x-graylane-debug");

    private static final String[] SOURCES = new String[LaneSource.values().length];

    static {
        for (LaneSource s : LaneSource.values()) {
            SOURCES[s.ordinal()] = s.name().toLowerCase(Locale.ROOT);
        }
    }

    private final StringBuilder sb = new StringBuilder(160);

    /**
     * The header value.
     *
     * @param lane       the request's lane
     * @param source     where the lane came from
     * @param rule       the matching coloring rule, or {@code null}
     * @param routed     whether a route matched
     * @param resolution how the lane resolved, or {@code null} when no route matched
     * @param instance   the chosen instance, or {@code null}
     */
    String format(String lane, LaneSource source, String rule, boolean routed, Resolution resolution,
                  Instance instance) {
        StringBuilder b = sb;
        b.setLength(0);
        b.append("lane=").append(lane).append("; source=").append(SOURCES[source.ordinal()]);
        if (rule != null) {
            b.append("; rule=").append(rule);
        }
        if (!routed) {
            b.append("; outcome=no-route");
        } else if (instance == null) {
            b.append("; outcome=rejected");
        } else {
            b.append("; served=").append(resolution.servedLane());
        }
        if (resolution != null && resolution.fellBack()) {
            b.append("; fallback=\"");
            List<FallbackStep> steps = resolution.steps();
            for (int i = 0, n = steps.size(); i < n; i++) {
                FallbackStep s = steps.get(i);
                if (i > 0) {
                    b.append(", ");
                }
                b.append(s.fromLane()).append(": ").append(s.reason().text());
            }
            b.append('"');
        }
        if (instance != null) {
            b.append("; instance=");
            appendVisible(b, instance.id());
        }
        return b.toString();
    }

    /** Instance ids come from discovery: keep a header value free of control characters whatever they hold. */
    private static void appendVisible(StringBuilder b, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
    }
}
