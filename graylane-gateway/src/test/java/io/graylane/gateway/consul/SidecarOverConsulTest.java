package io.graylane.gateway.consul;

import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.RawHttp;
import io.graylane.gateway.run.ConsulEngineSource;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A sidecar whose services come from the Consul simulator: {@code sidecar.services} are watched like routed ones. */
class SidecarOverConsulTest {

    @TempDir
    Path dir;

    private final ConsulWorld world = new ConsulWorld();

    @AfterEach
    void stopEverything() {
        world.close();
    }

    @Test
    void aServiceListedForTheSidecarIsWatchedInConsulAndReachedByHostWithTheCallersLane() throws IOException {
        DemoUpstream v1 = world.upstream("orders", "v1", "orders-v1");
        DemoUpstream v2 = world.upstream("orders", "v2", "orders-v2");
        world.register(v1);
        world.register(v2);
        Path file = dir.resolve("sidecar.yaml");
        Files.writeString(file, """
                mode: sidecar
                sidecar: {services: [orders], hostSuffixes: [.service.consul]}
                lanes:
                  stable: {selector: {version: v1}}
                  canary: {selector: {version: v2}, fallback: stable}
                coloring: {defaultLane: stable}
                discovery:
                  consul: {wait: 1s}
                """);
        ConsulEngineSource source = world.fileSource(file, dir.resolve("state")).build();

        GatewayServer sidecar = world.serve(source);

        assertThat(source.discoveryStates()).extracting(s -> s.name()).containsExactly("health:orders");
        RawHttp.Response canary = RawHttp.exchange(sidecar.port(),
                "GET /x HTTP/1.1\r\nHost: orders.service.consul\r\nX-Graylane-Lane: canary\r\n\r\n");
        RawHttp.Response stable = RawHttp.exchange(sidecar.port(), "GET /orders/x HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(canary.header(DemoUpstream.INSTANCE_HEADER)).isEqualTo("orders-v2");
        assertThat(stable.header(DemoUpstream.INSTANCE_HEADER)).isEqualTo("orders-v1");
    }
}
