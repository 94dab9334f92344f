package io.graylane.gateway.proxy;

import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every answer is counted once for the config it was served with; 5xx answers count as errors. */
class ServedCountsTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private int get(GatewayFixture fx, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void relayedAnswersAndTheGatewaysOwnAreCountedWithFivexxAsErrors() throws Exception {
        try (GatewayFixture fx = new GatewayFixture()) {
            ServedCounts counts = fx.gateway.servedCounts();

            assertThat(get(fx, "/web/a")).isEqualTo(200);
            assertThat(get(fx, "/web/b")).isEqualTo(200);
            assertThat(get(fx, "/dead")).isEqualTo(502);
            assertThat(get(fx, "/nowhere-routed")).isIn(200, 404);

            assertThat(counts.requests()).isEqualTo(4);
            assertThat(counts.errors()).isEqualTo(1);
        }
    }

    @Test
    void middlewareFailuresAndChainAnswersAreCounted() throws Exception {
        try (GatewayFixture fx = new GatewayFixture(b -> b.middlewareRegistry(
                new BuiltinMiddleware().registry().with(TestMiddleware.thrower()).with(TestMiddleware.deny())))) {
            fx.useChain("[]", "[{id: boom, type: throw}]");
            ServedCounts failing = fx.gateway.servedCounts();
            assertThat(get(fx, "/web")).isEqualTo(500);
            assertThat(get(fx, "/web")).isEqualTo(500);

            fx.useChain("[]", "[{id: refuse, type: deny}]");
            assertThat(get(fx, "/web")).isEqualTo(403);

            assertThat(failing.requests()).isEqualTo(2);
            assertThat(failing.errors()).isEqualTo(2);
            assertThat(fx.gateway.servedCounts().requests()).isEqualTo(1);
            assertThat(fx.gateway.servedCounts().errors()).isZero();
        }
    }

    @Test
    void aDiscoveryChangeKeepsCountingForTheSameConfigAndANewConfigStartsAfresh() throws Exception {
        try (GatewayFixture fx = new GatewayFixture()) {
            ServedCounts first = fx.gateway.servedCounts();
            assertThat(get(fx, "/web")).isEqualTo(200);

            LaneEngine current = fx.gateway.engine();
            fx.gateway.updateEngine(current.withInstances("api", List.of()));
            assertThat(fx.gateway.servedCounts()).isSameAs(first);

            fx.use("[]");
            assertThat(fx.gateway.servedCounts()).isNotSameAs(first);
            assertThat(fx.gateway.servedCounts().requests()).isZero();
            assertThat(first.requests()).isEqualTo(1);
        }
    }
}
