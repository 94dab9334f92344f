package io.graylane.gateway.proxy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP/1 idle timeouts: an idle client connection and an idle pooled upstream connection close, but
 * a connection in use does not, however long its exchange takes or however often it is used.
 */
class GatewayIdleTimeoutTest {

    @Test
    void anIdleClientConnectionClosesAfterTheClientIdleTimeout() {
        try (GatewayFixture f = new GatewayFixture(b -> b.clientIdleTimeout(Duration.ofMillis(300)));
             RawHttp http = new RawHttp(f.port())) {
            http.send(RawHttp.get("/web/x"));
            assertThat(http.read().status()).isEqualTo(200);
            long answered = System.nanoTime();

            assertThat(http.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - answered)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void aConnectionThatSentNothingClosesToo() {
        try (GatewayFixture f = new GatewayFixture(b -> b.clientIdleTimeout(Duration.ofMillis(300)));
             RawHttp http = new RawHttp(f.port())) {
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aConnectionInUseStaysOpenPastTheIdleTimeout() throws InterruptedException {
        try (GatewayFixture f = new GatewayFixture(b -> b.clientIdleTimeout(Duration.ofMillis(300)));
             RawHttp http = new RawHttp(f.port())) {
            // One exchange longer than the timeout: the connection is not idle while it runs.
            http.send(RawHttp.get("/web/delay/700"));
            assertThat(http.read().status()).isEqualTo(200);
            // Then requests more often than the timeout, for several timeouts.
            long end = System.nanoTime() + Duration.ofMillis(1200).toNanos();
            while (System.nanoTime() < end) {
                http.send(RawHttp.get("/web/x"));
                assertThat(http.read().status()).isEqualTo(200);
                Thread.sleep(100); // pacing the client, not waiting for an outcome
            }
            assertThat(f.webV1.connections() + f.webV2.connections()).isEqualTo(1);
        }
    }

    @Test
    void anIdlePooledUpstreamConnectionClosesAfterTheUpstreamIdleTimeout() {
        try (GatewayFixture f = new GatewayFixture(b -> b.upstreamIdleTimeout(Duration.ofMillis(300)));
             RawHttp http = new RawHttp(f.port())) {
            http.send(RawHttp.get("/web/x"));
            assertThat(http.read().status()).isEqualTo(200);
            assertThat(f.webV1.connections()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(5)).until(() -> f.webV1.closedConnections() == 1);
            http.send(RawHttp.get("/web/x"));
            assertThat(http.read().status()).isEqualTo(200);
            assertThat(f.webV1.connections()).isEqualTo(2);
        }
    }

    @Test
    void anUpstreamConnectionInUseStaysOpenPastTheUpstreamIdleTimeout() {
        try (GatewayFixture f = new GatewayFixture(b -> b.upstreamIdleTimeout(Duration.ofMillis(300)));
             RawHttp http = new RawHttp(f.port())) {
            http.send(RawHttp.get("/web/delay/700"));
            assertThat(http.read().status()).isEqualTo(200);
            http.send(RawHttp.get("/web/x"));
            assertThat(http.read().status()).isEqualTo(200);

            assertThat(f.webV1.connections()).as("the slow exchange's connection went back to the pool").isEqualTo(1);
        }
    }
}
