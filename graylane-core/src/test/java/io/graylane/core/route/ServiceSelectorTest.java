package io.graylane.core.route;

import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Lane;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceSelectorTest {

    static final Lane STABLE = Lane.baseline("stable");
    static final Lane CANARY = new Lane("canary", Map.of("version", "v2"), "stable", false);
    static final Lane BETA = new Lane("beta-vip", Map.of("version", "v3"), "canary", false);
    static final Lane STRICT = new Lane("exp", Map.of("version", "v9"), "stable", true);
    static final List<Lane> LANES = List.of(STABLE, CANARY, BETA, STRICT);

    static Instance inst(String id, String version, Health health, int weight) {
        return new Instance("orders", id, "127.0.0.1", 8080, health, weight, "dc1", Map.of("version", version));
    }

    static Instance v1(String id) {
        return inst(id, "v1", Health.PASSING, 1);
    }

    static Instance v2(String id, Health h) {
        return inst(id, "v2", h, 1);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, instances, lane, served lane (null = rejected), fallback reasons
                Arguments.of("canary served by its own instances", List.of(v1("a"), v2("b", Health.PASSING)),
                        "canary", "canary", List.of()),
                Arguments.of("canary missing falls back to stable", List.of(v1("a")),
                        "canary", "stable", List.of(FallbackStep.Reason.NO_INSTANCES)),
                Arguments.of("canary critical falls back to stable", List.of(v1("a"), v2("b", Health.CRITICAL)),
                        "canary", "stable", List.of(FallbackStep.Reason.NONE_HEALTHY)),
                Arguments.of("canary in maintenance falls back to stable",
                        List.of(v1("a"), v2("b", Health.MAINTENANCE)),
                        "canary", "stable", List.of(FallbackStep.Reason.NONE_HEALTHY)),
                Arguments.of("canary warning still serves", List.of(v1("a"), v2("b", Health.WARNING)),
                        "canary", "canary", List.of()),
                Arguments.of("beta walks two steps to stable", List.of(v1("a")),
                        "beta-vip", "stable",
                        List.of(FallbackStep.Reason.NO_INSTANCES, FallbackStep.Reason.NO_INSTANCES)),
                Arguments.of("beta stops at canary when canary is up", List.of(v1("a"), v2("b", Health.PASSING)),
                        "beta-vip", "canary", List.of(FallbackStep.Reason.NO_INSTANCES)),
                Arguments.of("strict lane rejects instead of crossing", List.of(v1("a")),
                        "exp", null, List.of(FallbackStep.Reason.NO_INSTANCES)),
                Arguments.of("stable with only unhealthy instances is rejected",
                        List.of(inst("a", "v1", Health.CRITICAL, 1)),
                        "stable", null, List.of(FallbackStep.Reason.NONE_HEALTHY)),
                Arguments.of("a lane this config does not define resolves like the default lane",
                        List.of(v1("a"), v2("b", Health.PASSING)),
                        "feature-x", "stable", List.of(FallbackStep.Reason.UNKNOWN_LANE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesLaneAndFallbackAsConfigured(String name, List<Instance> instances, String lane, String served,
                                             List<FallbackStep.Reason> reasons) {
        Resolution r = ServiceSelector.build("orders", instances, LANES, "stable").resolve(lane);

        assertThat(r.servedLane()).isEqualTo(served);
        assertThat(r.rejected()).isEqualTo(served == null);
        assertThat(r.steps()).extracting(FallbackStep::reason).containsExactlyElementsOf(reasons);
        if (served != null) {
            Lane servedLane = LANES.stream().filter(l -> l.name().equals(served)).findFirst().orElseThrow();
            assertThat(r.subset()).isNotEmpty().allMatch(i -> servedLane.selects(i) && i.isHealthy());
        }
    }

    @Test
    void stableTrafficNeverReachesInstancesThatAnotherLaneSelects() {
        Resolution r = ServiceSelector.build("orders", List.of(v1("a"), v2("b", Health.PASSING)), LANES, "stable")
                .resolve("stable");

        assertThat(r.subset()).extracting(Instance::id).containsExactly("a");
    }

    @Test
    void baselineWithOnlyCanaryInstancesIsRejectedWithTheReason() {
        Resolution r = ServiceSelector.build("orders", List.of(v2("b", Health.PASSING)), LANES, "stable")
                .resolve("stable");

        assertThat(r.rejection()).isEqualTo("no lane can serve service 'orders': stable: no instances match "
                + "the baseline (instances no other lane selects) and lane 'stable' has no fallback");
    }

    @Test
    void strictRejectionNamesTheLaneTheServiceAndTheReason() {
        Resolution r = ServiceSelector.build("orders", List.of(v1("a")), LANES, "stable").resolve("exp");

        assertThat(r.rejection())
                .isEqualTo("lane 'exp' is strict and cannot serve service 'orders': exp: no instances match {version=v9}");
        assertThat(r.pick(new SplittableRandom(1))).isNull();
    }

    @Test
    void unhealthyCanaryReasonCountsTheMatchingInstances() {
        Resolution r = ServiceSelector.build("orders",
                List.of(v1("a"), v2("b", Health.CRITICAL), v2("c", Health.CRITICAL)), LANES, "stable").resolve("canary");

        assertThat(r.steps().get(0).matching()).isEqualTo(2);
        assertThat(r.summary()).isEqualTo("canary->stable (canary: none healthy)");
        assertThat(r.steps().get(0).describe("{version=v2}"))
                .isEqualTo("canary: 2 instances match {version=v2} but none healthy -> stable");
    }

    @Test
    void serviceWithoutInstancesIsRejectedWithAClearReason() {
        Resolution r = ServiceSelector.build("orders", List.of(), LANES, "stable").resolve("canary");

        assertThat(r.rejection()).isEqualTo("no instances of service 'orders' are known");
    }

    @Test
    void weightedChoiceFollowsWeights() {
        List<Instance> instances = List.of(inst("a", "v1", Health.PASSING, 1), inst("b", "v1", Health.PASSING, 3));
        Resolution r = ServiceSelector.build("orders", instances, LANES, "stable").resolve("stable");
        long seed = Long.getLong("graylane.seed", System.nanoTime());
        System.out.println("weightedChoiceFollowsWeights seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);

        int b = 0;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            if (r.pick(random).id().equals("b")) {
                b++;
            }
        }
        assertThat(b / (double) n).isBetween(0.745, 0.755);
    }

    @Test
    void zeroWeightInstancesAreChosenOnlyWhenNothingElseIsThere() {
        SplittableRandom random = new SplittableRandom(7);
        Resolution mixed = ServiceSelector.build("orders",
                List.of(inst("a", "v1", Health.PASSING, 0), inst("b", "v1", Health.PASSING, 2)), LANES, "stable")
                .resolve("stable");
        Resolution allZero = ServiceSelector.build("orders",
                List.of(inst("a", "v1", Health.PASSING, 0), inst("b", "v1", Health.PASSING, 0)), LANES, "stable")
                .resolve("stable");

        List<String> mixedPicks = new ArrayList<>();
        List<String> zeroPicks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            mixedPicks.add(mixed.pick(random).id());
            zeroPicks.add(allZero.pick(random).id());
        }
        assertThat(mixedPicks).containsOnly("b");
        assertThat(zeroPicks).contains("a", "b");
    }
}
