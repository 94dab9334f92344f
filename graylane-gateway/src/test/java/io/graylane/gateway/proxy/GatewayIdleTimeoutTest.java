package io.graylane.gateway.proxy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP/1 idle timeouts: an idle client connection and an idle pooled upstream connection close, but
 * a connection in use does not, however long its exchange takes or however often it is used. And the
 * response-header timeout, whose timer a connection keeps across its exchanges.
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

    @Test
    void theResponseHeaderTimeoutFiresForALaterExchangeOfABusyConnection() throws InterruptedException {
        try (GatewayFixture f = new GatewayFixture(b -> b.responseHeaderTimeout(Duration.ofMillis(400)));
             RawHttp http = new RawHttp(f.port())) {
            // Exchanges that start and stop the timeout, spread over more than one timeout.
            for (int i = 0; i < 6; i++) {
                http.send(RawHttp.get("/web/x"));
                assertThat(http.read().status()).isEqualTo(200);
                Thread.sleep(100); // pacing the client, not waiting for an outcome
            }
            long sent = System.nanoTime();
            http.send(RawHttp.get("/web/stall"));
            RawHttp.Response r = http.read();

            assertThat(r.status()).isEqualTo(504);
            assertThat(r.text()).contains("no response headers within 400 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(390));
        }
        // A slow answer within the timeout is not cut short by a timer armed for an earlier exchange.
        try (GatewayFixture f = new GatewayFixture(b -> b.responseHeaderTimeout(Duration.ofMillis(800)));
             RawHttp http = new RawHttp(f.port())) {
            http.send(RawHttp.get("/web/x"));
            assertThat(http.read().status()).isEqualTo(200);
            Thread.sleep(500); // the timer armed by the first exchange fires while the second one waits
            http.send(RawHttp.get("/web/delay/500"));
            assertThat(http.read().status()).isEqualTo(200);
        }
    }
}
