package io.graylane.gateway.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** h2c streams through a middleware chain: the held response head, trailers and trailers-only answers. */
class GatewayH2cChainTest {

    private static H2Fixture fx;
    private H2TestClient client;

    @BeforeAll
    static void start() {
        fx = new H2Fixture();
        fx.gateway.updateEngine(fx.engine("[127.0.0.1/32]", "[{id: r, type: recover}, {id: h, type: header,"
                + " config: {request: {set: {X-Env: prod}}, response: {set: {X-Edge: 'yes'}}}}]"));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void connect() {
        client = new H2TestClient(fx.port());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void aGrpcCallThroughTheChainKeepsItsTrailersAndGetsTheChainsHeaders() {
        H2TestClient.Exchange ex = client.exchange(H2TestClient.request("POST", "/h2/pkg.Svc/grpc-ok",
                "content-type", "application/grpc", "te", "trailers"), "ping", null);

        assertThat(ex.status()).isEqualTo("200");
        assertThat(ex.header("x-edge")).isEqualTo("yes");
        assertThat(ex.body()).isEqualTo("ping");
        assertThat(ex.trailers().get("grpc-status")).hasToString("0");
        assertThat(fx.h2v1.seen).anySatisfy(h -> assertThat(h.get("x-env")).hasToString("prod"));
    }

    @Test
    void aTrailersOnlyErrorThroughTheChainStaysOneHeadersFrame() {
        H2TestClient.Exchange ex = client.exchange(H2TestClient.request("POST", "/h2/pkg.Svc/grpc-fail",
                "content-type", "application/grpc", "te", "trailers"), "ping", null);

        assertThat(ex.frames).as("frames %s", ex.frames).hasSize(1);
        assertThat(ex.frames.get(0).endStream()).isTrue();
        assertThat(ex.header("grpc-status")).isEqualTo("5");
        assertThat(ex.header("x-edge")).isEqualTo("yes");
    }

    @Test
    void anHttp1UpstreamThroughTheChainServesTheStream() {
        H2TestClient.Exchange ex = client.get("/h1/x/trailers");

        assertThat(ex.header("x-edge")).isEqualTo("yes");
        assertThat(ex.body()).contains("header: x-env: prod");
        assertThat(ex.trailers().get("x-checksum")).hasToString("1234");
    }

    @Test
    void theGatewaysOwnAnswerThroughTheChainReachesTheStream() {
        H2TestClient.Exchange ex = client.get("/dead/x");

        assertThat(ex.status()).isEqualTo("502");
        assertThat(ex.header("x-edge")).isEqualTo("yes");
        assertThat(ex.body()).contains("upstream connect error: dead-v1");
    }
}
