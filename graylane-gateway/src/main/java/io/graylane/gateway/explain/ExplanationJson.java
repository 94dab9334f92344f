package io.graylane.gateway.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.graylane.core.engine.Explanation;
import io.graylane.core.model.Instance;
import io.graylane.core.route.FallbackStep;
import io.graylane.core.route.Resolution;
import io.graylane.core.rule.ConditionTrace;
import io.graylane.core.rule.RuleTrace;
import io.graylane.core.trust.TrustVerdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an {@link Explanation} as JSON with a stable, documented shape (see docs/cli.md), built
 * explicitly rather than by reflection so internal renames cannot change the output.
 */
public final class ExplanationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExplanationJson() {
    }

    public static String render(Explanation e) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", e.method());
        request.put("host", e.host());
        request.put("path", e.path());
        request.put("client", e.client());
        root.put("request", request);
        root.put("trust", trust(e));
        root.put("lane", e.lane());
        root.put("laneSource", e.laneSource().name().toLowerCase(Locale.ROOT));
        root.put("rule", e.rule());
        if (e.coloring() != null) {
            List<Object> rules = new ArrayList<>();
            for (RuleTrace r : e.coloring().rules()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", r.index());
                m.put("name", r.rule());
                m.put("lane", r.lane());
                m.put("matched", r.matched());
                m.put("condition", condition(r.condition()));
                rules.add(m);
            }
            root.put("rulesEvaluated", rules);
        }
        root.put("route", e.route() == null ? null : e.route().name());
        root.put("service", e.service());
        Resolution res = e.resolution();
        if (res != null) {
            root.put("servedLane", res.servedLane());
            List<Object> steps = new ArrayList<>();
            for (FallbackStep s : res.steps()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("from", s.fromLane());
                m.put("to", s.toLane());
                m.put("reason", s.reason().text());
                m.put("matching", s.matching());
                steps.add(m);
            }
            root.put("fallback", steps);
            root.put("rejection", res.rejection());
            root.put("subset", res.subset().stream().map(Instance::id).toList());
        }
        Instance i = e.instance();
        if (i != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", i.id());
            m.put("address", i.address());
            m.put("port", i.port());
            m.put("weight", i.weight());
            m.put("labels", new java.util.TreeMap<>(i.labels()));
            root.put("instance", m);
        } else {
            root.put("instance", null);
        }
        root.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        root.put("debugHeader", e.debugHeader());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, Object> trust(Explanation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        TrustVerdict t = e.trust();
        m.put("carrier", e.laneCarrier());
        if (t instanceof TrustVerdict.Absent) {
            m.put("verdict", "absent");
        } else if (t instanceof TrustVerdict.KeepAsIs) {
            m.put("verdict", "kept-trusted-peer");
        } else if (t instanceof TrustVerdict.KeepVerified v) {
            m.put("verdict", "kept-signed");
            m.put("keyId", v.keyId());
            m.put("expiresAt", v.expiresAt().toString());
        } else if (t instanceof TrustVerdict.Strip s) {
            m.put("verdict", "stripped");
            m.put("cause", s.cause().name().toLowerCase(Locale.ROOT));
            m.put("reason", s.reason());
        }
        return m;
    }

    private static Map<String, Object> condition(ConditionTrace c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", c.description());
        m.put("matched", c.matched());
        if (!c.children().isEmpty()) {
            m.put("children", c.children().stream().map(ExplanationJson::condition).toList());
        }
        return m;
    }
}
