package io.graylane.gateway.middleware;

import io.graylane.gateway.proxy.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code timeout}: 504 when the response headers are late, for the routes it names. */
class TimeoutMiddlewareTest {

    private static ChainFixture fx;

    @BeforeAll
    static void start() {
        fx = new ChainFixture();
        fx.use("[{id: t, type: timeout, config: {duration: 300ms, routes: [web]}}]");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void slowUpstreamIsAnswered504AfterTheDurationAndTheGatewayKeepsServing() {
        long before = fx.builtins.timeout().timedOut().get("t");
        long start = System.nanoTime();

        RawHttp.Response late = fx.get("/web/stall");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        RawHttp.Response next = fx.get("/web/next");

        assertThat(late.status()).isEqualTo(504);
        assertThat(late.text()).isEqualTo("timeout after 300ms\n");
        assertThat(tookMillis).isBetween(290L, 5_000L);
        assertThat(fx.builtins.timeout().timedOut().get("t")).isEqualTo(before + 1);
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void theUpstreamExchangeIsAbortedWhenTheTimeoutAnswers() {
        int closedBefore = fx.webV1.closedConnections();
        try (RawHttp http = new RawHttp(fx.gateway.port())) {
            http.send(RawHttp.get("/web/stall"));

            assertThat(http.read().status()).isEqualTo(504);
            // The client connection stays open; the stalled upstream one was closed by the gateway.
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.webV1.closedConnections() > closedBefore);
        }
    }

    @Test
    void aTimedOutExchangeLeavesTheClientConnectionUsable() {
        try (RawHttp http = new RawHttp(fx.gateway.port())) {
            http.send(RawHttp.get("/web/stall"));
            assertThat(http.read().status()).isEqualTo(504);
            http.send(RawHttp.get("/web/again"));
            assertThat(http.read().echo().uri()).isEqualTo("/web/again");
        }
    }

    @Test
    void responsesWithinTheDurationPass() {
        RawHttp.Response response = fx.get("/web/delay/50");

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void routesItDoesNotNameAreNotTimedOut() {
        RawHttp.Response response = fx.get("/pair/delay/600");

        assertThat(response.status()).isEqualTo(200);
    }
}
