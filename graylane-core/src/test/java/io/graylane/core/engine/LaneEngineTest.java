package io.graylane.core.engine;

import io.graylane.core.config.Coloring;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.config.Propagation;
import io.graylane.core.config.TrustSettings;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.model.LabelMapping;
import io.graylane.core.model.Lane;
import io.graylane.core.model.Route;
import io.graylane.core.model.Scope;
import io.graylane.core.net.Cidr;
import io.graylane.core.route.FallbackStep;
import io.graylane.core.rule.Condition;
import io.graylane.core.rule.MapRequestView;
import io.graylane.core.rule.Rule;
import io.graylane.core.rule.ValueMatch;
import io.graylane.core.trust.LaneSignature;
import io.graylane.core.trust.TrustVerdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LaneEngineTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final TrustSettings.SigningKey KEY = new TrustSettings.SigningKey("k1", "0123456789abcdef0123");

    static Instance inst(String service, String id, String version, Health health) {
        return new Instance(service, id, "127.0.0.1", 8080, health, 1, "dc1", Map.of("version", version));
    }

    static final GraylaneConfig CONFIG = new GraylaneConfig(
            Scope.ALL, LabelMapping.DEFAULT, Propagation.DEFAULT,
            List.of(new Lane("stable", Map.of("version", "v1"), null, false),
                    new Lane("canary", Map.of("version", "v2"), "stable", false),
                    new Lane("exp", Map.of("version", "v9"), null, true)),
            new Coloring("stable", List.of(
                    new Rule("beta-users", new Condition.Header("X-User-Group", new ValueMatch.Equals("beta")), "canary"),
                    new Rule("experiment", new Condition.Query("exp", new ValueMatch.Present()), "exp"))),
            new TrustSettings(List.of(Cidr.parse("10.0.0.0/8")), List.of(KEY)),
            List.of(new Route("frontend", null, "/frontend", "frontend", false),
                    new Route("orders", null, "/orders", "orders", false)),
            Map.of("frontend", List.of(inst("frontend", "f1", "v1", Health.PASSING), inst("frontend", "f2", "v2", Health.PASSING)),
                    "orders", List.of(inst("orders", "o1", "v1", Health.PASSING), inst("orders", "o2", "v2", Health.CRITICAL))),
            List.of());

    final LaneEngine engine = LaneEngine.create(CONFIG);

    Explanation explain(MapRequestView.Builder request) {
        return engine.explain(request.build(), null, null, new SplittableRandom(3), NOW);
    }

    static MapRequestView.Builder get(String path) {
        return MapRequestView.builder().method("GET").path(path).clientAddress("203.0.113.7");
    }

    @Test
    void betaUserIsColoredCanaryAndServedByTheFrontendCanary() {
        Explanation e = explain(get("/frontend/x").header("X-User-Group", "beta"));

        assertThat(e.lane()).isEqualTo("canary");
        assertThat(e.laneSource()).isEqualTo(LaneSource.RULE);
        assertThat(e.rule()).isEqualTo("beta-users");
        assertThat(e.instance().id()).isEqualTo("f2");
        assertThat(e.outcome()).isEqualTo(Explanation.Outcome.ROUTED);
        assertThat(e.debugHeader()).isEqualTo("lane=canary; source=rule; rule=beta-users; served=canary; instance=f2");
    }

    @Test
    void canaryRequestFallsBackToStableWhenTheOrdersCanaryIsUnhealthyAndKeepsItsLane() {
        Explanation e = explain(get("/orders/1").header("X-User-Group", "beta"));

        assertThat(e.lane()).isEqualTo("canary");
        assertThat(e.resolution().servedLane()).isEqualTo("stable");
        assertThat(e.fallback()).extracting(FallbackStep::reason).containsExactly(FallbackStep.Reason.NONE_HEALTHY);
        assertThat(e.instance().id()).isEqualTo("o1");
        assertThat(e.debugHeader()).isEqualTo(
                "lane=canary; source=rule; rule=beta-users; served=stable; fallback=\"canary: none healthy\"; instance=o1");
    }

    @Test
    void laneHeaderFromAnUntrustedClientIsStrippedAndTheRequestIsColored() {
        Explanation e = explain(get("/frontend").header("X-Graylane-Lane", "canary"));

        assertThat(e.trust()).isInstanceOf(TrustVerdict.Strip.class);
        assertThat(((TrustVerdict.Strip) e.trust()).reason()).contains("untrusted peer 203.0.113.7");
        assertThat(e.lane()).isEqualTo("stable");
        assertThat(e.laneSource()).isEqualTo(LaneSource.DEFAULT);
        assertThat(e.instance().id()).isEqualTo("f1");
    }

    @Test
    void laneHeaderFromATrustedHopIsKeptWithoutColoring() {
        Explanation e = explain(get("/frontend").clientAddress("10.1.2.3").header("X-Graylane-Lane", "canary")
                .header("X-User-Group", "nobody"));

        assertThat(e.lane()).isEqualTo("canary");
        assertThat(e.laneSource()).isEqualTo(LaneSource.TRUSTED_HEADER);
        assertThat(e.coloring()).isNull();
        assertThat(e.laneCarrier()).isEqualTo("header X-Graylane-Lane");
    }

    @Test
    void signedLaneFromAnUntrustedClientIsAccepted() {
        String token = LaneSignature.sign("canary", KEY, NOW.plusSeconds(60));

        Explanation e = explain(get("/frontend").header("X-Graylane-Lane", token));

        assertThat(e.laneSource()).isEqualTo(LaneSource.SIGNED);
        assertThat(e.lane()).isEqualTo("canary");
    }

    @Test
    void laneInBaggageFromATrustedHopIsKept() {
        Explanation e = explain(get("/frontend").clientAddress("10.9.9.9")
                .header("baggage", "userId=alice,graylane.lane=canary"));

        assertThat(e.laneSource()).isEqualTo(LaneSource.TRUSTED_BAGGAGE);
        assertThat(e.lane()).isEqualTo("canary");
    }

    @Test
    void strictLaneWithoutInstancesIsRejectedWithTheReason() {
        Explanation e = explain(get("/orders").query("exp", "1"));

        assertThat(e.outcome()).isEqualTo(Explanation.Outcome.REJECTED);
        assertThat(e.resolution().rejection()).startsWith("lane 'exp' is strict and cannot serve service 'orders'");
        assertThat(e.debugHeader()).contains("outcome=rejected");
    }

    @Test
    void requestWithoutARouteSaysSo() {
        Explanation e = explain(get("/nothing-here"));

        assertThat(e.outcome()).isEqualTo(Explanation.Outcome.NO_ROUTE);
        assertThat(e.debugHeader()).isEqualTo("lane=stable; source=default; outcome=no-route");
    }

    @Test
    void fastPathAgreesWithTheExplanation() {
        MapRequestView request = get("/orders").header("X-User-Group", "beta").build();

        String lane = engine.lane(request, engine.trust().evaluate(request.header("X-Graylane-Lane"),
                request.clientAddressBytes(), NOW));

        assertThat(lane).isEqualTo("canary");
        assertThat(engine.decide("orders", lane, new SplittableRandom(1)).resolution().servedLane()).isEqualTo("stable");
    }

    @Test
    void instancesComingAndGoingGiveANewEngineAndLeaveTheOldOneAlone() {
        LaneEngine healed = engine.withInstances("orders", List.of(inst("orders", "o1", "v1", Health.PASSING),
                inst("orders", "o2", "v2", Health.PASSING)));

        assertThat(healed.decide("orders", "canary", new SplittableRandom(1)).instance().id()).isEqualTo("o2");
        assertThat(engine.decide("orders", "canary", new SplittableRandom(1)).instance().id()).isEqualTo("o1");
    }
}
