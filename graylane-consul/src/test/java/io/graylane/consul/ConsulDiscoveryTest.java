package io.graylane.consul;

import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.testkit.consul.ConsulSimulator;
import io.graylane.testkit.consul.ServiceRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsulDiscoveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ConsulSimulator sim = ConsulSimulator.start();
    private final ConsulClient client = Sims.client(sim);
    private ConsulDiscovery discovery = ConsulDiscovery.builder(client).settings(Sims.FAST).build();

    /** Every delivery per service, in order. */
    private final Map<String, List<List<Instance>>> deliveries = new ConcurrentHashMap<>();
    private final InstanceListener listener = (service, instances) ->
            deliveries.computeIfAbsent(service, s -> new CopyOnWriteArrayList<>()).add(instances);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        discovery.close();
        sim.close();
    }

    private List<List<Instance>> of(String service) {
        return deliveries.getOrDefault(service, List.of());
    }

    private List<Instance> latest(String service) {
        List<List<Instance>> d = of(service);
        return d.isEmpty() ? null : d.get(d.size() - 1);
    }

    @Test
    void healthEntriesBecomeInstancesWithAddressFallbackWeightsHealthAndLabels() {
        sim.nodes().add("node-2", "10.0.0.2");
        sim.services().register(ServiceRegistration.builder("web").id("web-1").node("node-2").port(8080)
                .tags("version=v2", "canary").meta("zone", "a").weights(10, 2).health("warning").build());
        sim.services().register(ServiceRegistration.builder("web").id("web-2").node("node-2").address("172.16.0.9")
                .port(8081).tags("version:v1").weights(7, 1).health("passing").build());

        discovery.subscribe(Configs.config("web"), listener);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(latest("web")).containsExactly(
                new Instance("web", "web-1", "10.0.0.2", 8080, Health.WARNING, 2, "dc1",
                        Map.of("version", "v2", "canary", "", "zone", "a")),
                new Instance("web", "web-2", "172.16.0.9", 8081, Health.PASSING, 7, "dc1",
                        Map.of("version", "v1"))));
    }

    @Test
    void aHealthChangeIsDeliveredAndAFailingNodeCheckCounts() {
        sim.nodes().add("node-2", "10.0.0.2");
        sim.services().register(ServiceRegistration.builder("web").id("web-1").node("node-2").port(80)
                .health("passing").build());
        discovery.subscribe(Configs.config("web"), listener);
        await().atMost(PATIENCE).until(() -> latest("web") != null);

        sim.services().setHealth("node-2", "web-1", "critical");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(latest("web")).extracting(Instance::health)
                .containsExactly(Health.CRITICAL));
        sim.services().setHealth("node-2", "web-1", "passing");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(latest("web")).extracting(Instance::health)
                .containsExactly(Health.PASSING));
        sim.nodes().setSerfHealth("node-2", "critical");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(latest("web")).extracting(Instance::health)
                .containsExactly(Health.CRITICAL));
        assertThat(of("web")).hasSize(4);
    }

    @Test
    void checkOutputThatChangesNothingRoutablePublishesNothing() {
        client.agentRegister(io.graylane.consul.ServiceRegistration.of("pay", "pay-1", "10.0.0.5", 7000)
                .withChecks(List.of(CheckDefinition.ttl(Duration.ofMinutes(5)).withStatus("passing"))));
        discovery.subscribe(Configs.config("pay"), listener);
        await().atMost(PATIENCE).until(() -> latest("pay") != null);
        WatchState before = discovery.states().get(0);

        // Each TTL update rewrites the check's output and bumps the service's index: the watch wakes.
        for (int i = 0; i < 3; i++) {
            client.checkPass("service:pay-1", "heartbeat " + i);
        }
        await().atMost(PATIENCE).until(() -> discovery.states().get(0).requests() >= before.requests() + 2);

        assertThat(of("pay")).hasSize(1);
    }

    @Test
    void twoSnapshotsThatNeedTheSameServiceShareOneWatchAndReleasingBothStopsIt() {
        sim.services().register(ServiceRegistration.builder("web").id("web-1").port(80).health("passing").build());

        DiscoverySubscription oldSnapshot = discovery.subscribe(Configs.config("web"), listener);
        DiscoverySubscription newSnapshot = discovery.subscribe(Configs.config("web", "api"), listener);

        assertThat(discovery.activeWatches()).isEqualTo(2); // web (shared) and api
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(of("web")).hasSize(2)); // each told once
        sim.resetRequestCounts();
        await().pollDelay(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> true);
        // One blocking stream with wait=1s: about 2 reads in 2 s (two streams would make about 4).
        assertThat(sim.requestCount("/v1/health/service/web")).isBetween(1L, 3L);

        oldSnapshot.close();
        assertThat(discovery.activeWatches()).isEqualTo(2);
        newSnapshot.close();
        assertThat(discovery.activeWatches()).isZero();

        long after = sim.requestCount("/v1/health/service/web");
        await().during(Duration.ofMillis(1500)).atMost(PATIENCE)
                .until(() -> sim.requestCount("/v1/health/service/web") == after);
    }

    @Test
    void onlyServicesTheRoutesNameAreWatchedAndUpdateFollowsTheConfig() {
        DiscoverySubscription sub = discovery.subscribe(Configs.config("web", "api"), listener);
        assertThat(sub.services()).containsExactly("web", "api");

        sub.update(Configs.config("api", "orders"));

        assertThat(sub.services()).containsExactly("api", "orders");
        assertThat(discovery.states()).extracting(WatchState::name)
                .containsExactlyInAnyOrder("health:api", "health:orders");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries).containsKeys("api", "orders"));
        assertThat(of("api")).as("api kept its watch: not re-delivered").hasSize(1);
        sub.close();
        assertThat(discovery.activeWatches()).isZero();
    }

    @Test
    void theScopesDatacenterGoesIntoTheQuery() {
        sim.close();
        try (ConsulSimulator multi = ConsulSimulator.builder().datacenters("dc2").start()) {
            multi.services().register(ServiceRegistration.builder("web").datacenter("dc2").id("web-dc2").port(80)
                    .health("passing").build());
            multi.services().register(ServiceRegistration.builder("web").id("web-dc1").port(80).health("passing").build());
            try (ConsulDiscovery d = ConsulDiscovery.builder(Sims.client(multi)).settings(Sims.FAST).build()) {
                GraylaneConfig dc2 = Configs.parse(Configs.yaml("dc2", "web") + "scope: {datacenter: dc2}\n");

                d.subscribe(dc2, listener);

                await().atMost(PATIENCE).untilAsserted(() -> assertThat(latest("web")).extracting(Instance::id)
                        .containsExactly("web-dc2"));
                assertThat(latest("web").get(0).datacenter()).isEqualTo("dc2");
            }
        }
    }

    @Test
    void aNamespacedScopeAgainstOpenSourceConsulFailsWithTheReasonAndKeepsRetrying() {
        GraylaneConfig ns = Configs.parse(Configs.yaml("ns", "web") + "scope: {namespace: team-a}\n");

        discovery.subscribe(ns, listener);

        await().atMost(PATIENCE).until(() -> !discovery.states().isEmpty()
                && discovery.states().get(0).consecutiveErrors() >= 2);
        assertThat(discovery.states().get(0).lastError()).contains("400")
                .contains("Namespaces are a Consul Enterprise feature");
        assertThat(deliveries).isEmpty();
    }

    @Test
    void startingWhileConsulIsDownServesTheLastKnownGoodInstancesUntilConsulAnswers() {
        sim.services().register(ServiceRegistration.builder("web").id("web-1").port(80).health("passing").build());
        LastKnownGoodStore store = LastKnownGoodStore.open(dir);
        try (ConsulDiscovery first = ConsulDiscovery.builder(client).settings(Sims.FAST).lastKnownGood(store).build()) {
            first.subscribe(Configs.config("web"), (s, i) -> { });
            await().atMost(PATIENCE).until(() -> store.loadInstances("web", "", "").isPresent());
        }
        List<Instance> saved = store.loadInstances("web", "", "").orElseThrow().instances();
        sim.faults().outage();

        discovery.close();
        discovery = ConsulDiscovery.builder(client).settings(Sims.FAST).lastKnownGood(LastKnownGoodStore.open(dir))
                .build();
        discovery.subscribe(Configs.config("web"), listener);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(latest("web")).isEqualTo(saved));
        assertThat(discovery.servingFromLastKnownGood()).isTrue();

        sim.services().register(ServiceRegistration.builder("web").id("web-2").port(81).health("passing").build());
        sim.faults().recover();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(latest("web")).extracting(Instance::id)
                .containsExactly("web-1", "web-2"));
        assertThat(discovery.servingFromLastKnownGood()).isFalse();
    }

    @Test
    void aServiceWithoutASavedSnapshotWaitsForConsulAndSaysNothing() {
        sim.faults().outage();
        discovery.close();
        discovery = ConsulDiscovery.builder(client).settings(Sims.FAST).lastKnownGood(LastKnownGoodStore.open(dir))
                .build();

        discovery.subscribe(Configs.config("web"), listener);

        await().atMost(PATIENCE).until(() -> discovery.states().get(0).consecutiveErrors() >= 2);
        assertThat(deliveries).isEmpty();
        assertThat(discovery.servingFromLastKnownGood()).isFalse();
    }
}
