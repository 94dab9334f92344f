package io.graylane.gateway.consul;

import io.graylane.consul.HistoryEntry;
import io.graylane.consul.KvConfigWriter;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.gateway.metrics.GatewayMetrics;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.rollback.ConfigHistory;
import io.graylane.gateway.rollback.ConfigOperations;
import io.graylane.gateway.run.ConfigRevision;
import io.graylane.gateway.run.ConsulEngineSource;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.graylane.gateway.consul.ConsulWorld.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automatic rollback end to end: the config in a Consul KV key (the simulator, over HTTP), a real
 * gateway over loopback, a version whose plugin-like middleware starts throwing once it is live, and
 * bounded traffic. The gateway rolls back by writing the previous version back to the key with CAS.
 */
class AutoRollbackOverConsulTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path state;
    @TempDir
    Path peerState;

    private final ConsulWorld world = new ConsulWorld();
    private final DemoUpstream web = world.upstream("web", "v1", "web-v1");
    private final KvConfigWriter writer = new KvConfigWriter(world.client, KEY, Clock.systemUTC());
    private final GatewayMetrics metrics = GatewayMetrics.withoutJvm();
    private ConfigOperations ops;

    @AfterEach
    void stopEverything() {
        if (ops != null) {
            ops.close();
        }
        world.close();
    }

    /** A config over the demo upstream with automatic rollback on and {@code chain} as its middleware. */
    private String config(String chain) {
        return """
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                routes: [{pathPrefix: /web, service: web}]
                discovery:
                  static:
                    web: [{id: web-v1, address: 127.0.0.1, port: %d}]
                chain: %s
                rollback:
                  history: 10
                  auto: {enabled: true, window: 15s, minRequests: 20, margin: 0.05}
                """.formatted(web.port(), chain);
    }

    /** {@code plugin}: a middleware that throws on every request, as a broken plugin would. */
    private static MiddlewareFactory brokenPlugin(AtomicInteger calls) {
        return MiddlewareFactory.of("acme.broken", ctx -> next -> exchange -> {
            calls.incrementAndGet();
            throw new IllegalStateException("acme.broken: NullPointerException in the plugin");
        });
    }

    @Test
    void aVersionThatStartsFailingIsRolledBackInKvAndNotAppliedAgain() {
        String v1 = config("[]");
        long v1Index = writer.write(v1, 0, "push", "v1", 10).index();
        AtomicInteger pluginCalls = new AtomicInteger();
        ConfigHistory history = new ConfigHistory();
        ConsulEngineSource source = world.keySource(state).revisions(history).build();
        GatewayServer gateway = GatewayServer.builder(source.load().engine()).port(0)
                .middlewareRegistry(new BuiltinMiddleware().registry().with(brokenPlugin(pluginCalls)))
                .build().start();
        source.watch(snapshot -> gateway.updateEngine(snapshot.engine()));
        ops = ConfigOperations.start(history, source, gateway, metrics.registry(), Clock.systemUTC());
        // A second gateway of the fleet on the same key, with no traffic of its own.
        ConsulEngineSource peerSource = world.keySource(peerState).build();
        GatewayServer peer = GatewayServer.builder(peerSource.load().engine()).port(0)
                .middlewareRegistry(new BuiltinMiddleware().registry().with(brokenPlugin(new AtomicInteger())))
                .build().start();
        world.closeWith(peer, peerSource);
        peerSource.watch(snapshot -> peer.updateEngine(snapshot.engine()));
        for (int i = 0; i < 30; i++) {
            assertThat(world.get(gateway).statusCode()).isEqualTo(200);
        }

        String v2 = config("[{id: jwt, type: acme.broken}]");
        long v2Index = writer.write(v2, v1Index, "push", "v2 with the new plugin", 10).index();
        await().atMost(BOUND).until(() -> history.current().modifyIndex() == v2Index);
        assertThat(world.get(gateway).statusCode()).isEqualTo(500);

        // Bounded traffic: at most 400 requests until the gateway has rolled back.
        AtomicInteger sent = new AtomicInteger();
        await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (int i = 0; i < 10 && sent.get() < 400; i++) {
                world.get(gateway);
                sent.incrementAndGet();
            }
            return ConfigRevision.hashOf(v1).equals(history.current().hash());
        });

        assertThat(world.consul.kv().get(KEY)).as("the key holds v1's text again").hasValue(v1);
        long rollbackIndex = world.consul.kv().modifyIndex(KEY);
        assertThat(rollbackIndex).isGreaterThan(v2Index);
        assertThat(history.current().modifyIndex()).isEqualTo(rollbackIndex);
        await().atMost(BOUND).untilAsserted(() -> assertThat(peerSource.current().version()).startsWith(rollbackIndex + "/"));
        assertThat(world.get(peer).statusCode()).as("the peer converged on v1").isEqualTo(200);
        // The rollback is counted and recorded right after its write, which the gateway may apply first.
        await().atMost(BOUND).until(() -> ops.rollbacks().count("auto") == 1
                && writer.history().get(rollbackIndex).map(e -> e.source().equals("auto-rollback")).orElse(false));
        assertThat(metrics.scrapeText()).contains("graylane_config_rollbacks_total{reason=\"auto\"} 1.0");
        assertThat(writer.history().get(rollbackIndex)).hasValueSatisfying(e -> {
            assertThat(e.source()).isEqualTo("auto-rollback");
            assertThat(e.note()).contains("automatic rollback from " + v2Index + "/");
        });
        assertThat(writer.history().list()).extracting(HistoryEntry::version).contains(v1Index, v2Index, rollbackIndex);
        assertThat(history.badMark(ConfigRevision.hashOf(v2))).isPresent();

        // v1 serves again, and v2 does not come back by itself.
        int callsAfterRollback = pluginCalls.get();
        for (int i = 0; i < 30; i++) {
            assertThat(world.get(gateway).statusCode()).isEqualTo(200);
        }
        assertThat(pluginCalls.get()).isEqualTo(callsAfterRollback);
        assertThat(history.current().hash()).isEqualTo(ConfigRevision.hashOf(v1));
        assertThat(ops.rollbacks().count("auto")).isEqualTo(1);
        assertThat(world.consul.kv().modifyIndex(KEY)).isEqualTo(rollbackIndex);
    }

    @Test
    void twoGatewaysThatBothSeeTheFailureWriteOneRollbackBetweenThemAndBothConverge() throws Exception {
        String v1 = config("[]");
        long v1Index = writer.write(v1, 0, "push", "v1", 10).index();
        ConfigHistory historyA = new ConfigHistory();
        ConfigHistory historyB = new ConfigHistory();
        GatewayServer a = gateway(historyA, state, metrics);
        GatewayServer b = gateway(historyB, peerState, GatewayMetrics.withoutJvm());
        for (int i = 0; i < 30; i++) {
            assertThat(world.get(a).statusCode()).isEqualTo(200);
            assertThat(world.get(b).statusCode()).isEqualTo(200);
        }

        String v2 = config("[{id: jwt, type: acme.broken}]");
        long v2Index = writer.write(v2, v1Index, "push", "v2", 10).index();
        await().atMost(BOUND).until(() -> historyA.current().modifyIndex() == v2Index
                && historyB.current().modifyIndex() == v2Index);
        AtomicInteger sent = new AtomicInteger();
        String v1Hash = ConfigRevision.hashOf(v1);
        await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (int i = 0; i < 10 && sent.get() < 800; i++) {
                world.get(a);
                world.get(b);
                sent.incrementAndGet();
            }
            return v1Hash.equals(historyA.current().hash()) && v1Hash.equals(historyB.current().hash());
        });

        assertThat(world.consul.kv().get(KEY)).hasValue(v1);
        long rollbackIndex = world.consul.kv().modifyIndex(KEY);
        await().atMost(BOUND).until(() -> writer.history().get(rollbackIndex)
                .map(e -> e.source().equals("auto-rollback")).orElse(false));
        assertThat(writer.history().list()).as("one rollback written for the fleet")
                .filteredOn(e -> e.version() > v2Index).hasSize(1);
        assertThat(historyA.current().modifyIndex()).isEqualTo(historyB.current().modifyIndex())
                .isEqualTo(world.consul.kv().modifyIndex(KEY));
        assertThat(world.get(a).statusCode()).isEqualTo(200);
        assertThat(world.get(b).statusCode()).isEqualTo(200);
    }

    /** A gateway on the key with the broken plugin registered and automatic rollback running, closed with the world. */
    private GatewayServer gateway(ConfigHistory history, Path stateDir, GatewayMetrics gatewayMetrics) {
        ConsulEngineSource source = world.keySource(stateDir).revisions(history).build();
        GatewayServer gateway = GatewayServer.builder(source.load().engine()).port(0)
                .middlewareRegistry(new BuiltinMiddleware().registry().with(brokenPlugin(new AtomicInteger())))
                .build().start();
        source.watch(snapshot -> gateway.updateEngine(snapshot.engine()));
        ConfigOperations operations = ConfigOperations.start(history, source, gateway, gatewayMetrics.registry(),
                Clock.systemUTC());
        world.closeWith(source, gateway, operations);
        return gateway;
    }
}
