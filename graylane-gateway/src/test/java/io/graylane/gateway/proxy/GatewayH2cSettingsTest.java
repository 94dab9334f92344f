package io.graylane.gateway.proxy;

import io.graylane.core.engine.LaneEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The two HTTP/2 stream limits of the builder, and the settings the gateway announces. */
class GatewayH2cSettingsTest {

    @Test
    void theGatewayAnnouncesItsStreamAndHeaderListLimits() {
        try (H2Fixture fx = new H2Fixture(b -> b.http2MaxConcurrentStreams(7).maxHeaderSize(4096));
             H2TestClient client = new H2TestClient(fx.port())) {
            assertThat(client.get("/h1/x").status()).isEqualTo("200");

            await().atMost(Duration.ofSeconds(5)).until(() -> client.serverSettings != null);
            assertThat(client.serverSettings.maxConcurrentStreams()).isEqualTo(7L);
            assertThat(client.serverSettings.maxHeaderListSize()).isEqualTo(4096L);
        }
    }

    @Test
    void streamsPastThePerConnectionCapOpenAnotherUpstreamConnection() {
        try (H2Fixture fx = new H2Fixture(b -> b.http2MaxStreamsPerUpstreamConnection(2));
             H2TestClient client = new H2TestClient(fx.port())) {
            List<CompletableFuture<H2TestClient.Exchange>> slow = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                slow.add(client.send(H2TestClient.request("GET", "/h2/" + i + "/slow"), null, null));
            }
            for (CompletableFuture<H2TestClient.Exchange> s : slow) {
                assertThat(s.orTimeout(10, TimeUnit.SECONDS).join().status()).isEqualTo("200");
            }
            // At most two streams on each connection; more connections if a stream ended meanwhile.
            assertThat(fx.h2v1.connections.get()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void outOfRangeLimitsAreRefusedByTheBuilder() {
        GatewayServerBuilder b = GatewayServer.builder(LaneEngine.create(GatewayFixture.parse(
                "lanes: {stable: {}}\ncoloring: {defaultLane: stable}\n")));

        assertThatThrownBy(() -> b.http2MaxConcurrentStreams(0))
                .hasMessage("http2MaxConcurrentStreams: 0 (expected: 1..10000)");
        assertThatThrownBy(() -> b.http2MaxStreamsPerUpstreamConnection(10_001))
                .hasMessage("http2MaxStreamsPerUpstreamConnection: 10001 (expected: 1..10000)");
    }
}
