package io.graylane.gateway.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the client gets when the upstream cannot be reached, stalls or breaks off. */
class GatewayUpstreamErrorsTest {

    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture(b -> b.responseHeaderTimeout(Duration.ofMillis(300)));
        fx.use("[]");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void deadUpstreamPortIsAnswered502WithTheInstanceAndCause() {
        RawHttp.Response response = RawHttp.exchange(fx.port(), RawHttp.get("/dead/x"));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        assertThat(response.text()).isEqualTo("upstream connect error: dead-v1 127.0.0.1:" + fx.deadPort
                + ": connection refused\n");
        assertThat(response.header("X-Graylane-Debug"))
                .isEqualTo("lane=stable; source=default; served=stable; instance=dead-v1");
    }

    @Test
    void connectionStaysUsableAfterA502() {
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send(RawHttp.get("/dead/x"));
            assertThat(http.read().status()).isEqualTo(502);
            http.send(RawHttp.get("/web/after"));
            assertThat(http.read().echo().uri()).isEqualTo("/web/after");
        }
    }

    @Test
    void stalledUpstreamIsAnswered504AfterTheResponseHeaderTimeout() {
        RawHttp.Response response = RawHttp.exchange(fx.port(), RawHttp.get("/web/stall"));

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.text()).isEqualTo("upstream timeout: web-v1 127.0.0.1:" + fx.webV1.port()
                + ": no response headers within 300 ms\n");
    }

    @Test
    void upstreamClosingMidResponseClosesTheClientConnection() {
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send(RawHttp.get("/web/cut"));
            RawHttp.Response head = http.readHead();
            byte[] rest = http.readToEnd();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("1000");
            assertThat(rest.length).isLessThan(1000);
        }
    }

    @Test
    void requestWithABodyToADeadUpstreamIsAnsweredAndTheConnectionClosed() {
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send("POST /dead/x HTTP/1.1\r\nHost: test\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000));
            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void idempotentRequestIsSentAgainWhenItsPooledConnectionTurnsOutClosed() {
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send(RawHttp.get("/web/retry-1", "X-Drop-Next: 1"));
            assertThat(http.read().status()).isEqualTo(200);
            http.send(RawHttp.get("/web/retry-2"));
            RawHttp.Response response = http.read();

            assertThat(response.status()).as(response.text()).isEqualTo(200);
            assertThat(response.echo().uri()).isEqualTo("/web/retry-2");
            assertThat(fx.webV1.seen()).filteredOn("GET /web/retry-2"::equals).hasSize(2);
        }
    }

    @Test
    void requestWithABodyIsNotSentAgainWhenItsPooledConnectionTurnsOutClosed() {
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send(RawHttp.get("/web/once-1", "X-Drop-Next: 1"));
            assertThat(http.read().status()).isEqualTo(200);
            http.send("POST /web/once-2 HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\n\r\nok");
            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.text()).isEqualTo("upstream closed the connection before responding: web-v1 127.0.0.1:"
                    + fx.webV1.port() + "\n");
            assertThat(fx.webV1.seen()).filteredOn("POST /web/once-2"::equals).hasSize(1);
        }
    }
}
