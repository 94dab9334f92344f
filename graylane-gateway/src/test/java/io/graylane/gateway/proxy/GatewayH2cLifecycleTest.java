package io.graylane.gateway.proxy;

import io.netty.handler.codec.http2.Http2Error;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The life of an h2c client connection: idle close, graceful shutdown with a stream in flight. */
class GatewayH2cLifecycleTest {

    @Test
    void anIdleH2cConnectionIsClosedWithGoAwayAfterTheIdleTimeout() {
        try (H2Fixture fx = new H2Fixture(b -> b.clientIdleTimeout(Duration.ofMillis(300)));
             H2TestClient client = new H2TestClient(fx.port())) {
            assertThat(client.get("/h1/x").status()).isEqualTo("200");

            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
            assertThat(client.goAwayCode).isEqualTo(Http2Error.NO_ERROR.code());
        }
    }

    @Test
    void streamsBeyondTheUpstreamsConcurrentStreamLimitGoOnAnotherConnection() {
        try (H2TestUpstream limited = new H2TestUpstream("h2-limited", 2);
             H2Fixture fx = new H2Fixture(b -> b)) {
            fx.gateway.updateEngine(fx.limitedEngine(limited.port()));
            // A first request, so the gateway knows the upstream's SETTINGS.
            assertThat(RawHttp.exchange(fx.port(), RawHttp.get("/h2/first")).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> limited.connections.get() == 1);

            try (H2TestClient client = new H2TestClient(fx.port())) {
                List<CompletableFuture<H2TestClient.Exchange>> slow = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    slow.add(client.send(H2TestClient.request("GET", "/h2/" + i + "/slow"), null, null));
                }
                for (CompletableFuture<H2TestClient.Exchange> s : slow) {
                    assertThat(s.orTimeout(10, TimeUnit.SECONDS).join().status()).isEqualTo("200");
                }
            }
            // Two streams at most on each connection (every one of the six answered, none refused); how
            // the six spread depends on when the second connection's SETTINGS arrive.
            assertThat(limited.connections.get()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void anHttp1ServerMarkedH2cIsAnswered502BeforeAnyRequestReachesIt() {
        try (H2Fixture fx = new H2Fixture(b -> b)) {
            fx.gateway.updateEngine(fx.limitedEngine(fx.h1v1.port()));

            RawHttp.Response r = RawHttp.exchange(fx.port(), RawHttp.get("/h2/x"));

            assertThat(r.status()).isEqualTo(502);
            assertThat(r.text()).contains("upstream connect error: h2-limited 127.0.0.1:" + fx.h1v1.port(),
                    "before sending HTTP/2 SETTINGS (does it speak h2c?)");
        }
    }

    @Test
    void anIdleH2cUpstreamConnectionClosesAfterTheUpstreamIdleTimeout() {
        try (H2Fixture fx = new H2Fixture(b -> b.upstreamIdleTimeout(Duration.ofMillis(300)))) {
            assertThat(RawHttp.exchange(fx.port(), RawHttp.get("/h2/x")).status()).isEqualTo(200);
            assertThat(fx.h2v1.connections.get()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(5)).until(() -> fx.h2v1.closedConnections.get() == 1);
            assertThat(RawHttp.exchange(fx.port(), RawHttp.get("/h2/x")).status()).isEqualTo(200);
            assertThat(fx.h2v1.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void gracefulShutdownSendsGoAwayAndLetsTheStreamInFlightFinish() throws Exception {
        try (H2Fixture fx = new H2Fixture(); H2TestClient client = new H2TestClient(fx.port())) {
            CompletableFuture<H2TestClient.Exchange> slow = client.send(H2TestClient.request("GET", "/h1/slow"), null, null);
            assertThat(fx.h1v1.slowArrived.await(5, TimeUnit.SECONDS)).isTrue();

            boolean drained = fx.gateway.shutdownGracefully(Duration.ofSeconds(5));

            assertThat(drained).isTrue();
            H2TestClient.Exchange ex = slow.get(5, TimeUnit.SECONDS);
            assertThat(ex.status()).isEqualTo("200");
            assertThat(ex.body()).contains("uri: /h1/slow");
            assertThat(client.goAwayCode).isEqualTo(Http2Error.NO_ERROR.code());
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
        }
    }
}
