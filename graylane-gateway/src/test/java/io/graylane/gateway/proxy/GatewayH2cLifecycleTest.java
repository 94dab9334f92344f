package io.graylane.gateway.proxy;

import io.netty.handler.codec.http2.Http2Error;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
