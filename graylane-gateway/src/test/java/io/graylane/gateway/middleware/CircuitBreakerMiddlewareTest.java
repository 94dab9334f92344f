package io.graylane.gateway.middleware;

import io.graylane.gateway.proxy.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code circuit-breaker}: opens on failures, probes half-open, recovers; steers around open instances. */
class CircuitBreakerMiddlewareTest {

    private static ChainFixture fx;

    @BeforeAll
    static void start() {
        fx = new ChainFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @AfterEach
    void healAll() {
        fx.webV1.respondWith(0);
        fx.pairA.respondWith(0);
        fx.pairB.respondWith(0);
    }

    @Test
    void breakerOpensAfterFailuresAnswers503WithoutCallingAndRecoversThroughAHalfOpenProbe() {
        fx.use("[{id: cb, type: circuit-breaker, config: {minimumCalls: 4, window: 4, failureRate: 50,"
                + " openDuration: 300ms, halfOpenCalls: 1}}]");
        fx.webV1.respondWith(500);
        List<Integer> failing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            failing.add(fx.get("/web/x").status());
        }
        int hitsWhenOpened = fx.webV1.hits();

        RawHttp.Response open = fx.get("/web/x");

        assertThat(failing).containsOnly(500);
        assertThat(open.status()).isEqualTo(503);
        assertThat(open.text()).isEqualTo("circuit open for web-v1\n");
        assertThat(fx.webV1.hits()).isEqualTo(hitsWhenOpened);
        assertThat(fx.builtins.circuitBreaker().rejected().get("cb")).isPositive();

        fx.webV1.respondWith(0);
        // After openDuration the next call is the half-open probe; its success closes the breaker.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> fx.get("/web/x").status() == 200);
        for (int i = 0; i < 5; i++) {
            assertThat(fx.get("/web/x").status()).isEqualTo(200);
        }
    }

    @Test
    void requestsGoToAnotherInstanceOfTheSubsetWhileOnesBreakerIsOpen() {
        fx.use("[{id: cb-pair, type: circuit-breaker, config: {minimumCalls: 2, window: 2, openDuration: 1m}}]");
        fx.pairA.respondWith(503);
        int sent = 0;
        while (fx.pairA.hits() < 2 && sent++ < 200) {
            fx.get("/pair/x");
        }
        int aHits = fx.pairA.hits();

        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RawHttp.Response r = fx.get("/pair/x");
            assertThat(r.status()).isEqualTo(200);
            servedBy.add(r.echo().instance());
        }

        assertThat(aHits).isEqualTo(2);
        assertThat(servedBy).containsOnly("pair-b");
        assertThat(fx.pairA.hits()).isEqualTo(aHits);
    }
}
