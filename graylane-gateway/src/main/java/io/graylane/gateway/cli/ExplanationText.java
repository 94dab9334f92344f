package io.graylane.gateway.cli;

import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.Explanation;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Lane;
import io.graylane.core.model.Route;
import io.graylane.core.route.FallbackStep;
import io.graylane.core.route.Resolution;
import io.graylane.core.route.ServiceSelector;
import io.graylane.core.trust.TrustVerdict;

import java.util.Locale;
import java.util.stream.Collectors;

/** Renders an {@link Explanation} as aligned text for a terminal. */
final class ExplanationText {

    private ExplanationText() {
    }

    static String render(Explanation e, GraylaneConfig config) {
        StringBuilder out = new StringBuilder();
        line(out, "request", e.method() + " " + e.path()
                + " (host " + (e.host() == null ? "-" : e.host())
                + ", client " + (e.client() == null ? "unknown" : e.client()) + ")");
        line(out, "trust", trust(e));
        String laneHow = switch (e.laneSource()) {
            case TRUSTED_HEADER -> "kept from the trusted lane header";
            case TRUSTED_BAGGAGE -> "kept from trusted baggage";
            case SIGNED -> "kept from a signed lane value";
            case RULE, DEFAULT -> e.coloring().outcome().description();
        };
        line(out, "lane", e.lane() + ", " + laneHow);
        if (e.coloring() != null && !e.coloring().rules().isEmpty()) {
            String trace = e.coloring().render();
            // The trace's first line repeats the lane; keep its rule lines.
            line(out, "coloring", trace.substring(trace.indexOf('\n') + 1).stripTrailing().stripIndent());
        }
        Route route = e.route();
        if (e.service() == null) {
            line(out, "route", "no route matches host " + (e.host() == null ? "-" : e.host()) + " and path " + e.path());
        } else if (route == null) {
            line(out, "route", "service " + e.service() + " (given with --service)");
        } else {
            StringBuilder r = new StringBuilder("'").append(route.name()).append("' (");
            if (route.host() != null) {
                r.append("host ").append(route.host());
            }
            if (route.pathPrefix() != null) {
                r.append(route.host() != null ? ", " : "").append("path prefix ").append(route.pathPrefix());
            }
            if (route.host() == null && route.pathPrefix() == null) {
                r.append("any request");
            }
            line(out, "route", r.append(") -> service ").append(e.service()).toString());
        }
        Resolution res = e.resolution();
        if (res != null) {
            for (FallbackStep step : res.steps()) {
                Lane lane = config.lane(step.fromLane());
                String selector = lane == null ? "" : ServiceSelector.selectorText(lane);
                line(out, "fallback", step.describe(selector));
            }
            if (res.rejected()) {
                line(out, "rejected", res.rejection() + " (the gateway answers 503)");
            } else {
                line(out, "subset", res.servedLane() + ": " + res.subset().size() + " healthy instance"
                        + (res.subset().size() == 1 ? "" : "s") + " of " + e.service() + ": "
                        + res.subset().stream().map(Instance::id).collect(Collectors.joining(", ")));
                Instance i = e.instance();
                line(out, "instance", i.id() + " at " + i.authority() + " (weight " + i.weight() + ", labels "
                        + i.labels().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .map(x -> x.getValue().isEmpty() ? x.getKey() : x.getKey() + "=" + x.getValue())
                        .collect(Collectors.joining(", ", "{", "}")) + ")");
            }
        }
        line(out, "outcome", e.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        line(out, "debug", e.debugHeader());
        return out.toString();
    }

    private static String trust(Explanation e) {
        TrustVerdict t = e.trust();
        String carrier = e.laneCarrier() == null ? "" : e.laneCarrier() + ": ";
        if (t instanceof TrustVerdict.Absent) {
            return "no lane arrived with the request";
        } else if (t instanceof TrustVerdict.KeepAsIs k) {
            return carrier + "kept '" + k.lane() + "' (trusted peer)";
        } else if (t instanceof TrustVerdict.KeepVerified v) {
            return carrier + "kept '" + v.lane() + "' (signed with key " + v.keyId() + ", valid until " + v.expiresAt() + ")";
        } else if (t instanceof TrustVerdict.Strip s) {
            return carrier + "stripped (" + s.reason() + ")";
        }
        return t.toString();
    }

    private static void line(StringBuilder out, String label, String text) {
        String pad = " ".repeat(11);
        String[] lines = text.split("\n", -1);
        out.append(String.format("%-11s", label)).append(lines[0]).append('\n');
        for (int i = 1; i < lines.length; i++) {
            out.append(pad).append(lines[i]).append('\n');
        }
    }
}
