package io.graylane.gateway.consul;

import io.graylane.consul.CheckDefinition;
import io.graylane.consul.ServiceRegistration;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.H2TestUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.graylane.gateway.consul.ConsulWorld.KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** A Consul instance registered with Meta {@code graylane-protocol=h2c} is spoken to in h2c. */
class GatewayH2cOverConsulTest {

    @TempDir
    Path state;

    private final ConsulWorld world = new ConsulWorld();
    private final H2TestUpstream grpc = new H2TestUpstream("grpc-1");

    @AfterEach
    void stopEverything() {
        world.close();
        grpc.close();
    }

    @Test
    void anInstanceWithH2cMetaIsReachedOverH2c() {
        world.consul.kv().put(KEY, """
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                routes: [{pathPrefix: /grpc, service: grpc}]
                discovery: {consul: {wait: 1s}}
                """);
        world.client.agentRegister(ServiceRegistration.of("grpc", "grpc-1", "127.0.0.1", grpc.port())
                .withMeta(Map.of("graylane-protocol", "h2c"))
                .withChecks(List.of(CheckDefinition.ttl(Duration.ofMinutes(10)).withStatus("passing"))));

        GatewayServer gateway = world.serve(world.keySource(state).build());
        HttpResponse<String> r = world.get(gateway, "/grpc/pkg.Svc/Call", new String[0]);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("instance: grpc-1", "path: /grpc/pkg.Svc/Call", "header: te: trailers");
        assertThat(grpc.seen).hasSize(1);
    }
}
