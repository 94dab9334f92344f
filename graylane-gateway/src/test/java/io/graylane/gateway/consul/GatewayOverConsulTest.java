package io.graylane.gateway.consul;

import io.graylane.config.ConfigError;
import io.graylane.consul.LastKnownGoodStore;
import io.graylane.consul.WatchState;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.run.ConsulEngineSource;
import io.graylane.gateway.run.ReloadOutcome;
import io.graylane.testkit.consul.ServiceRegistration;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static io.graylane.gateway.consul.ConsulWorld.CONFIG;
import static io.graylane.gateway.consul.ConsulWorld.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway over Consul end to end: the config in a KV key, the instances from the health API of a
 * real (simulated) Consul over HTTP, requests through a real gateway to real upstreams.
 */
class GatewayOverConsulTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String[] BETA = {"X-User-Group", "beta"};

    @TempDir
    Path state;

    private final ConsulWorld world = new ConsulWorld();
    private final DemoUpstream webV1 = world.upstream("web", "v1", "web-v1");
    private final DemoUpstream webV2 = world.upstream("web", "v2", "web-v2");

    @AfterEach
    void stopEverything() {
        world.close();
    }

    @Test
    void instancesRegisteredInConsulReceiveTraffic() {
        world.consul.kv().put(KEY, CONFIG);
        world.register(webV1);
        world.register(webV2);

        GatewayServer gateway = world.serve(world.keySource(state).build());

        assertThat(world.get(gateway).body()).startsWith("web v1");
        assertThat(world.servedBy(gateway, BETA)).isEqualTo("web-v2");
        assertThat(webV2.lastRequest()).hasValueSatisfying(r -> assertThat(r.lane()).isEqualTo("canary"));
    }

    @Test
    void aCanaryRegisteredLaterStartsReceivingCanaryRequests() {
        world.consul.kv().put(KEY, CONFIG);
        world.register(webV1);
        GatewayServer gateway = world.serve(world.keySource(state).build());
        assertThat(world.servedBy(gateway, BETA)).as("no canary yet: falls back to stable").isEqualTo("web-v1");

        world.register(webV2);

        await().atMost(BOUND).untilAsserted(() -> assertThat(world.servedBy(gateway, BETA)).isEqualTo("web-v2"));
        assertThat(world.servedBy(gateway)).isEqualTo("web-v1");
    }

    @Test
    void canaryRequestsFallBackToStableWhenTheCanaryTtlCheckFails() {
        world.consul.kv().put(KEY, CONFIG);
        world.register(webV1);
        world.register(webV2);
        GatewayServer gateway = world.serve(world.keySource(state).build());
        assertThat(world.servedBy(gateway, BETA)).isEqualTo("web-v2");

        world.client.checkFail(ConsulWorld.checkOf(webV2), "out of memory");

        await().atMost(BOUND).untilAsserted(() -> assertThat(world.servedBy(gateway, BETA)).isEqualTo("web-v1"));
        assertThat(webV1.lastRequest()).hasValueSatisfying(r -> assertThat(r.lane())
                .as("the lane stays canary after the fallback").isEqualTo("canary"));

        world.client.checkPass(ConsulWorld.checkOf(webV2), "");

        await().atMost(BOUND).untilAsserted(() -> assertThat(world.servedBy(gateway, BETA)).isEqualTo("web-v2"));
    }

    @Test
    void aDeregisteredInstanceStopsReceivingTraffic() {
        DemoUpstream webV1b = world.upstream("web", "v1", "web-v1b");
        world.consul.kv().put(KEY, CONFIG);
        world.register(webV1);
        world.register(webV1b);
        GatewayServer gateway = world.serve(world.keySource(state).build());
        Set<String> seen = new HashSet<>();
        await().atMost(BOUND).untilAsserted(() -> {
            seen.add(world.servedBy(gateway));
            assertThat(seen).containsExactlyInAnyOrder("web-v1", "web-v1b");
        });

        world.client.agentDeregister("web-v1b");

        await().atMost(BOUND).untilAsserted(() -> {
            for (int i = 0; i < 20; i++) {
                assertThat(world.servedBy(gateway)).isEqualTo("web-v1");
            }
        });
    }

    @Test
    void aConfigChangeInConsulKvReroutesRequests() {
        world.consul.kv().put(KEY, CONFIG);
        world.register(webV1);
        world.register(webV2);
        GatewayServer gateway = world.serve(world.keySource(state).build());
        assertThat(world.servedBy(gateway)).isEqualTo("web-v1");

        world.client.kvPut(KEY, CONFIG.replace("defaultLane: stable", "defaultLane: canary"));

        await().atMost(BOUND).untilAsserted(() -> assertThat(world.servedBy(gateway)).isEqualTo("web-v2"));
    }

    @Test
    void anInvalidDocumentInConsulKvIsRejectedAndTrafficKeepsTheOldConfig() {
        world.consul.kv().put(KEY, CONFIG);
        world.register(webV1);
        world.register(webV2);
        ConsulEngineSource source = world.keySource(state).build();
        GatewayServer gateway = world.serve(source);
        String serving = source.current().version();

        world.client.kvPut(KEY, CONFIG.replace("defaultLane: stable", "defaultLane: stabel"));

        await().atMost(BOUND).until(() -> source.lastRejection().isPresent());
        ReloadOutcome.Rejected rejected = source.lastRejection().orElseThrow();
        assertThat(rejected.errors()).extracting(ConfigError::toString).singleElement().asString()
                .startsWith("consul:graylane/config:5:3: ")
                .contains("coloring.defaultLane: \"stabel\" (expected: a declared lane: stable, canary");
        assertThat(source.current().version()).isEqualTo(serving);
        assertThat(world.servedBy(gateway)).isEqualTo("web-v1");
        assertThat(world.servedBy(gateway, BETA)).isEqualTo("web-v2");
    }

    @Test
    void aStartDuringAConsulOutageServesTheLastKnownGoodStateAndResyncsAfterRecovery() {
        world.consul.kv().put(KEY, CONFIG);
        world.register(webV1);
        ConsulEngineSource previous = world.keySource(state).build();
        GatewayServer previousGateway = world.serve(previous);
        assertThat(world.servedBy(previousGateway)).isEqualTo("web-v1");
        LastKnownGoodStore saved = LastKnownGoodStore.open(state);
        await().atMost(BOUND).until(() -> saved.loadConfig(KEY).isPresent()
                && saved.loadInstances("web", "", "").map(s -> s.instances().size() == 1).orElse(false));
        previousGateway.close();
        previous.close();

        world.consul.faults().outage();
        ConsulEngineSource source = world.keySource(state).build();
        GatewayServer gateway = world.serve(source);

        assertThat(source.servingFromLastKnownGood()).isTrue();
        assertThat(world.servedBy(gateway)).isEqualTo("web-v1");
        assertThat(world.servedBy(gateway, BETA)).as("no canary in the saved state").isEqualTo("web-v1");

        // While the gateway cannot see it, Consul gets a canary and a config that sends everyone to it.
        world.consul.services().register(ServiceRegistration.builder("web").id("web-v2").tags("version=v2")
                .address("127.0.0.1").port(webV2.port()).health("passing").build());
        world.consul.kv().put(KEY, CONFIG.replace("defaultLane: stable", "defaultLane: canary"));
        world.consul.faults().recover();

        await().atMost(BOUND).untilAsserted(() -> assertThat(world.servedBy(gateway)).isEqualTo("web-v2"));
        await().atMost(BOUND).until(() -> !source.servingFromLastKnownGood());
    }

    @Test
    void withoutANamespaceNoQueryCarriesNsSoOpenSourceConsulAnswers() {
        // The simulator answers any ?ns= with 400 like open-source Consul: instances arrive only if none is sent.
        world.consul.kv().put(KEY, CONFIG);
        world.register(webV1);
        ConsulEngineSource source = world.keySource(state).build();
        GatewayServer gateway = world.serve(source);

        assertThat(world.servedBy(gateway)).isEqualTo("web-v1");
        assertThat(source.discoveryStates()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("health:web");
            assertThat(s.lastError()).isEmpty();
        });
    }

    @Test
    void aConfiguredNamespaceIsSentAndOpenSourceConsulRefusesIt() {
        world.consul.kv().put(KEY, "scope: {namespace: team-a}\n" + CONFIG);
        world.register(webV1);
        ConsulEngineSource source = world.keySource(state).instancesTimeout(Duration.ZERO).build();
        GatewayServer gateway = world.serve(source);

        await().atMost(BOUND).untilAsserted(() -> assertThat(source.discoveryStates())
                .extracting(WatchState::lastError).singleElement().asString()
                .contains("\"ns\" - Namespaces are a Consul Enterprise feature"));
        assertThat(world.get(gateway).statusCode()).isEqualTo(503);
    }
}
