package io.graylane.gateway.consul;

import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.run.ConsulEngineSource;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A config file with Consul discovery: static and Consul services side by side, discovery turned on and off by edits. */
class FileConfigWithConsulDiscoveryTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String LANES = """
            lanes:
              stable: {selector: {version: v1}}
            coloring: {defaultLane: stable}
            """;

    @TempDir
    Path dir;

    private final ConsulWorld world = new ConsulWorld();
    private final DemoUpstream fileWeb = world.upstream("web", "v1", "web-from-file");
    private final DemoUpstream consulWeb = world.upstream("web", "v1", "web-from-consul");
    private final DemoUpstream fileLegacy = world.upstream("legacy", "v1", "legacy-from-file");
    private final DemoUpstream consulLegacy = world.upstream("legacy", "v1", "legacy-from-consul");

    @AfterEach
    void stopEverything() {
        world.close();
    }

    @Test
    void aServiceListedUnderStaticIsServedFromTheFileAndNeverWatchedInConsul() throws IOException {
        world.register(consulWeb);
        world.register(consulLegacy);
        Path file = write(LANES + """
                routes:
                  - {pathPrefix: /web, service: web}
                  - {pathPrefix: /legacy, service: legacy}
                discovery:
                  consul: {wait: 1s}
                  static:
                    legacy: [{id: legacy-from-file, address: 127.0.0.1, port: %d, tags: [version=v1]}]
                """.formatted(fileLegacy.port()));
        ConsulEngineSource source = world.fileSource(file, dir.resolve("state")).build();

        GatewayServer gateway = world.serve(source);

        assertThat(world.servedAt(gateway, "/web")).isEqualTo("web-from-consul");
        assertThat(world.servedAt(gateway, "/legacy")).isEqualTo("legacy-from-file");
        assertThat(source.discoveryStates()).extracting(s -> s.name()).containsExactly("health:web");
        assertThat(world.consul.requestCount("/v1/health/service/legacy")).isZero();
    }

    @Test
    void addingDiscoveryConsulToTheFileStartsDiscoveryAndRemovingItStopsIt() throws IOException {
        world.register(consulWeb);
        String routes = "routes: [{pathPrefix: /web, service: web}]\n";
        String staticWeb = "    web: [{id: web-from-file, address: 127.0.0.1, port: %d, tags: [version=v1]}]\n"
                .formatted(fileWeb.port());
        Path file = write(LANES + routes + "discovery:\n  static:\n" + staticWeb);
        ConsulEngineSource source = world.fileSource(file, dir.resolve("state")).build();
        GatewayServer gateway = world.serve(source);
        assertThat(world.servedAt(gateway, "/web")).isEqualTo("web-from-file");
        assertThat(source.discoveryStates()).isEmpty();

        write(LANES + routes + "discovery:\n  consul: {wait: 1s}\n");
        source.refresh();

        await().atMost(BOUND).untilAsserted(() -> assertThat(world.servedAt(gateway, "/web")).isEqualTo("web-from-consul"));
        assertThat(source.discoveryStates()).extracting(s -> s.name()).containsExactly("health:web");

        write(LANES + routes + "discovery:\n  static:\n" + staticWeb);
        source.refresh();

        await().atMost(BOUND).untilAsserted(() -> assertThat(world.servedAt(gateway, "/web")).isEqualTo("web-from-file"));
        assertThat(source.discoveryStates()).isEmpty();
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("graylane.yaml");
        Path tmp = dir.resolve("graylane.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
