package io.graylane.gateway.consul;

import io.graylane.consul.CheckDefinition;
import io.graylane.consul.ServiceRegistration;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.run.ConsulEngineSource;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code discovery.consul.tags}, {@code filter} and per-service {@code services} overrides, end to end:
 * a config file, the Consul simulator over real HTTP (its bexpr subset), and a gateway that only ever
 * routes to the instances the query selects.
 */
class ConsulTagsAndFilterTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String HEAD = """
            lanes:
              stable: {selector: {version: v1}}
            coloring: {defaultLane: stable}
            routes:
              - {pathPrefix: /web, service: web}
              - {pathPrefix: /billing, service: billing}
            """;

    @TempDir
    Path dir;

    private final ConsulWorld world = new ConsulWorld();
    private final DemoUpstream webProd = world.upstream("web", "v1", "web-prod");
    private final DemoUpstream webDev = world.upstream("web", "v1", "web-dev");
    private final DemoUpstream billingProd = world.upstream("billing", "v1", "billing-prod");
    private final DemoUpstream billingDev = world.upstream("billing", "v1", "billing-dev");

    @AfterEach
    void stopEverything() {
        world.close();
    }

    private void registerAll() {
        register(webProd, "prod", Map.of("env", "prod", "team", "shop"));
        register(webDev, "dev", Map.of("env", "dev", "team", "shop"));
        register(billingProd, "prod", Map.of("env", "prod", "team", "money"));
        register(billingDev, "dev", Map.of("env", "dev", "team", "money"));
    }

    private void register(DemoUpstream u, String envTag, Map<String, String> meta) {
        world.client.agentRegister(ServiceRegistration.of(u.service(), u.id(), "127.0.0.1", u.port())
                .withTags(List.of("version=v1", envTag))
                .withMeta(meta)
                .withChecks(List.of(CheckDefinition.ttl(Duration.ofMinutes(10)).withStatus("passing"))));
    }

    /** The instances that answered 20 requests to {@code path}. */
    private Set<String> servers(GatewayServer gateway, String path) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            out.add(world.servedAt(gateway, path));
        }
        return out;
    }

    @Test
    void tagsLimitEveryServiceToInstancesCarryingThemAll() throws IOException {
        registerAll();
        GatewayServer gateway = serve(HEAD + """
                discovery:
                  consul: {wait: 1s, tags: [prod, version=v1]}
                """);

        assertThat(servers(gateway, "/web")).containsExactly("web-prod");
        assertThat(servers(gateway, "/billing")).containsExactly("billing-prod");
    }

    @Test
    void aFilterExpressionSelectsInstancesByMeta() throws IOException {
        registerAll();
        GatewayServer gateway = serve(HEAD + """
                discovery:
                  consul:
                    wait: 1s
                    filter: 'Service.Meta.env == "prod" and "version=v1" in Service.Tags'
                """);

        assertThat(servers(gateway, "/web")).containsExactly("web-prod");
        assertThat(servers(gateway, "/billing")).containsExactly("billing-prod");
    }

    @Test
    void aPerServiceEntryReplacesTheKeysItGivesAndInheritsTheOthers() throws IOException {
        registerAll();
        GatewayServer gateway = serve(HEAD + """
                discovery:
                  consul:
                    wait: 1s
                    tags: [prod]
                    filter: 'Service.Meta.team == "shop" or Service.Meta.team == "money"'
                    services:
                      billing: {tags: [], filter: 'Service.Meta.env == "dev"'}
                """);

        assertThat(servers(gateway, "/web")).containsExactly("web-prod");
        assertThat(servers(gateway, "/billing")).containsExactly("billing-dev");
    }

    @Test
    void changingTheFilterInTheFileMovesTrafficToTheNewlySelectedInstances() throws IOException {
        registerAll();
        Path file = write(HEAD + "discovery:\n  consul: {wait: 1s, filter: 'Service.Meta.env == \"prod\"'}\n");
        ConsulEngineSource source = world.fileSource(file, dir.resolve("state")).build();
        GatewayServer gateway = world.serve(source);
        assertThat(servers(gateway, "/web")).containsExactly("web-prod");

        write(HEAD + "discovery:\n  consul: {wait: 1s, filter: 'Service.Meta.env != \"prod\"'}\n");
        source.refresh();

        await().atMost(BOUND).untilAsserted(() -> assertThat(servers(gateway, "/web")).containsExactly("web-dev"));
    }

    @Test
    void aFilterConsulRejectsLeavesTheServiceWithoutInstancesAndIsReportedAsAWatchError() throws IOException {
        registerAll();
        Path file = write(HEAD + """
                discovery:
                  consul:
                    wait: 1s
                    services:
                      billing: {filter: 'Service.Meta.env === "prod"'}
                """);
        ConsulEngineSource source = world.fileSource(file, dir.resolve("state"))
                .instancesTimeout(Duration.ofMillis(500)).build();
        GatewayServer gateway = world.serve(source);

        assertThat(servers(gateway, "/web")).containsExactlyInAnyOrder("web-prod", "web-dev");
        assertThat(world.servedAt(gateway, "/billing")).isEqualTo("status 503");
        await().atMost(BOUND).untilAsserted(() -> assertThat(source.discoveryStates())
                .filteredOn(s -> s.name().equals("health:billing"))
                .singleElement()
                .satisfies(s -> assertThat(s.consecutiveErrors()).isPositive()));
    }

    private GatewayServer serve(String yaml) throws IOException {
        return world.serve(world.fileSource(write(yaml), dir.resolve("state")).build());
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("graylane.yaml");
        Path tmp = dir.resolve("graylane.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
