package io.graylane.gateway.plugin;

import io.graylane.core.GraylaneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad chains and bad plugins are refused as a whole: traffic keeps the chain in place, the refusal shows in the admin API and metrics. */
class PluginRejectionTest {

    private static final String GOOD = "[{id: safety, type: recover}, {id: stamp, type: acme.stamp}]";

    @TempDir
    Path root;

    private static void servedByTheOldChain(PluginWorld world) {
        HttpResponse<String> r = world.get("/web/still-ok");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Stamp")).hasValue("1.0");
        assertThat(world.gateway.chainIds()).containsExactly("safety", "stamp");
    }

    @Test
    void anInvalidChainOrAPluginThatFailsToProvisionOrLoadChangesNothingForTrafficAndShowsInAdminAndMetrics() throws Exception {
        TestPlugins.stamp(root.resolve("plugins/stamp-1.0.jar"), "acme.stamp", "1.0", "ok");
        try (PluginWorld world = new PluginWorld(root, GOOD)) {
            servedByTheOldChain(world);
            assertThat(world.admin("/chain").body()).contains("\"lastRejection\" : null").contains("\"file\" : \"stamp-1.0.jar\"");

            // 1. A chain whose entry the middleware refuses.
            assertThatThrownBy(() -> world.use("[{id: safety, type: recover}, {id: rate, type: rate-limit, config: {rate: -1}}]", "bad-1"))
                    .isInstanceOf(GraylaneException.class).hasMessageStartingWith("chain[id=rate]");
            servedByTheOldChain(world);
            assertThat(world.admin("/chain").body()).contains("\"error\" : \"chain[id=rate]");
            assertThat(world.metric("graylane_chain_rejections_total")).isEqualTo(1);
            assertThat(world.metric("middleware_load_failure_total{id=\"rate\",type=\"rate-limit\"}")).isEqualTo(1);

            // 2. A plugin that fails to provision: the error names the jar and the entry.
            TestPlugins.stamp(root.resolve("plugins/licence-1.0.jar"), "acme.licence", "1.0", "fail-create");
            assertThatThrownBy(() -> world.use(GOOD.replace("]", ", {id: licence, type: acme.licence}]"), "bad-2"))
                    .hasMessage("chain[id=licence] (type acme.licence): plugin licence-1.0.jar failed to provision:"
                            + " IllegalStateException: cannot reach the licence server");
            servedByTheOldChain(world);
            assertThat(world.admin("/chain").body()).contains("plugin licence-1.0.jar failed to provision");
            assertThat(world.metric("graylane_chain_rejections_total")).isEqualTo(2);
            assertThat(world.metric("middleware_load_failure_total{id=\"licence\",type=\"acme.licence\"}")).isEqualTo(1);

            // 3. A jar that cannot be loaded at all refuses the rescan.
            Files.writeString(root.resolve("plugins/junk.jar"), "not a jar");
            assertThatThrownBy(world.gateway::reloadPlugins).hasMessageStartingWith("plugins: junk.jar: ");
            servedByTheOldChain(world);
            assertThat(world.admin("/chain").body()).contains("\"error\" : \"plugins: junk.jar: ");
            assertThat(world.metric("graylane_chain_rejections_total")).isEqualTo(3);
            assertThat(world.gateway.pluginJars()).extracting(j -> j.fileName()).containsExactly("licence-1.0.jar", "stamp-1.0.jar");

            // Once the junk is gone the directory is good again, and the old chain still serves.
            Files.delete(root.resolve("plugins/junk.jar"));
            world.gateway.reloadPlugins();
            servedByTheOldChain(world);
            assertThat(world.metric("graylane_chain_drain_deadline_hits_total")).isZero();
        }
    }

    @Test
    void aPluginThatThrowsOrHangsWhileServingFailsOnlyThatRequestAndIsCounted() {
        TestPlugins.stamp(root.resolve("plugins/stamp-1.0.jar"), "acme.stamp", "1.0", "ok");
        TestPlugins.stamp(root.resolve("plugins/thrower-1.0.jar"), "acme.thrower", "1.0", "throw");
        TestPlugins.stamp(root.resolve("plugins/hang-1.0.jar"), "acme.hang", "1.0", "hang");
        try (PluginWorld world = new PluginWorld(root, GOOD, Duration.ofMillis(300))) {
            world.use("[{id: safety, type: recover}, {id: bug, type: acme.thrower}]", "thrower");
            assertThat(world.get("/web/a").statusCode()).isEqualTo(500);
            world.use("[{id: safety, type: recover}, {id: stuck, type: acme.hang}]", "hang");
            assertThat(world.get("/web/b").statusCode()).isEqualTo(500);
            world.use(GOOD, "good");
            servedByTheOldChain(world);

            assertThat(world.metric("graylane_plugin_failures_total{kind=\"thrown\",type=\"acme.thrower\"}")).isEqualTo(1);
            assertThat(world.metric("graylane_plugin_failures_total{kind=\"timed_out\",type=\"acme.hang\"}")).isEqualTo(1);
            assertThat(world.metric("graylane_middleware_errors_total{id=\"safety\",type=\"recover\"}")).as("contained by recover").isEqualTo(2);
        }
    }

    @Test
    void aPluginInTheGatewaySeesThePluginApiButNotNettyNorTheGateway() {
        TestPlugins.stamp(root.resolve("plugins/stamp-1.0.jar"), "acme.stamp", "1.0", "ok");
        try (PluginWorld world = new PluginWorld(root, GOOD)) {
            for (String[] probe : new String[][] {
                    {"io.graylane.core.chain.Exchange", "loaded"},
                    {"org.slf4j.Logger", "loaded"},
                    {"io.netty.channel.Channel", "not found"},
                    {"io.graylane.gateway.proxy.GatewayServer", "not found"},
                    {"com.fasterxml.jackson.databind.ObjectMapper", "not found"},
                    {"io.graylane.config.ConfigLoader", "not found"}}) {
                world.use("[{id: stamp, type: acme.stamp, config: {probe: " + probe[0] + "}}]", probe[0]);
                assertThat(world.get("/web/probe").headers().firstValue("X-Stamp")).as(probe[0]).hasValue(probe[1]);
            }
        }
    }
}
