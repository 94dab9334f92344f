package io.graylane.gateway.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies streamed both ways, keep-alive and connection reuse, pipelining, HEAD and 100-continue. */
class GatewayStreamingTest {

    private static final int EIGHT_MIB = 8 * 1024 * 1024;

    private static GatewayFixture fx;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture();
        fx.use("[]");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + fx.port() + path);
    }

    @Test
    void largeRequestBodyWithContentLengthArrivesIntact() throws Exception {
        byte[] body = TestUpstream.pattern(EIGHT_MIB);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/web/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        RawHttp.Echo echo = RawHttp.Echo.parse(response.body());
        assertThat(echo.bodyLength()).isEqualTo(EIGHT_MIB);
        assertThat(echo.bodySha256()).isEqualTo(TestUpstream.sha256(body, 0, body.length));
    }

    @Test
    void largeChunkedRequestBodyArrivesIntact() throws Exception {
        byte[] body = TestUpstream.pattern(EIGHT_MIB);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/web/upload"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        RawHttp.Echo echo = RawHttp.Echo.parse(response.body());
        assertThat(echo.bodyLength()).isEqualTo(EIGHT_MIB);
        assertThat(echo.bodySha256()).isEqualTo(TestUpstream.sha256(body, 0, body.length));
    }

    @Test
    void largeResponseBodyArrivesIntact() throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/web/big/" + EIGHT_MIB)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(TestUpstream.pattern(EIGHT_MIB));
    }

    @Test
    void keepAliveClientConnectionReusesOneUpstreamConnection() {
        int before = fx.webV1.connections();
        try (RawHttp http = new RawHttp(fx.port())) {
            for (int i = 0; i < 20; i++) {
                http.send(RawHttp.get("/web/keep/" + i));
                RawHttp.Response response = http.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.echo().uri()).isEqualTo("/web/keep/" + i);
            }
        }
        // 20 requests, at most one new upstream connection (none when a pooled one was left from before).
        assertThat(fx.webV1.connections() - before).isBetween(0, 1);
    }

    @Test
    void successiveClientConnectionsShareThePooledUpstreamConnections() {
        int before = fx.webV1.connections();
        for (int i = 0; i < 20; i++) {
            assertThat(RawHttp.exchange(fx.port(), RawHttp.get("/web/fresh/" + i)).status()).isEqualTo(200);
        }
        // One pool per event loop, and the fixture runs two loops.
        assertThat(fx.webV1.connections() - before).isBetween(0, 2);
    }

    @Test
    void upstreamConnectionThatAnsweredConnectionCloseIsNotReused() {
        try (RawHttp http = new RawHttp(fx.port())) {
            for (int i = 0; i < 5; i++) {
                http.send(RawHttp.get("/web/closing", "X-Close: 1"));
                assertThat(http.read().status()).isEqualTo(200);
                // Not replayable, so a reused dead connection would show as a 502.
                http.send("POST /web/after-close HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\n\r\nok");
                RawHttp.Response response = http.read();
                assertThat(response.status()).as(response.text()).isEqualTo(200);
                assertThat(response.echo().bodyLength()).isEqualTo(2);
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send(RawHttp.get("/web/p/1") + "POST /web/p/2 HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc"
                    + RawHttp.get("/nowhere") + RawHttp.get("/web/p/4"));

            assertThat(http.read().echo().uri()).isEqualTo("/web/p/1");
            RawHttp.Echo second = http.read().echo();
            assertThat(second.uri()).isEqualTo("/web/p/2");
            assertThat(second.bodyLength()).isEqualTo(3);
            assertThat(http.read().status()).isEqualTo(404);
            assertThat(http.read().echo().uri()).isEqualTo("/web/p/4");
        }
    }

    @Test
    void headResponseToAChunkedResourceHasNoBodyAndTheConnectionGoesOn() {
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send("HEAD /web/big/1000 HTTP/1.1\r\nHost: test\r\n\r\n");
            RawHttp.Response head = http.readHead();
            http.send(RawHttp.get("/web/after-head"));
            RawHttp.Response next = http.read();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("X-Instance")).isEqualTo("web-v1");
            assertThat(next.echo().uri()).isEqualTo("/web/after-head");
        }
    }

    @Test
    void continueFromTheUpstreamIsRelayedBeforeTheFinalResponse() {
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send("POST /web/expect HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            RawHttp.Response interim = http.read();
            http.send("hello");
            RawHttp.Response last = http.read();

            assertThat(interim.status()).isEqualTo(100);
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.echo().bodyLength()).isEqualTo(5);
        }
    }

    @Test
    void requestsOnOneConnectionCanEachGoToADifferentVersion() {
        fx.use("[{name: beta, lane: canary, when: {header: {name: X-User-Group, equals: beta}}}]");
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send(RawHttp.get("/web/a", "X-User-Group: beta"));
            String first = http.read().echo().instance();
            http.send(RawHttp.get("/web/b"));
            String second = http.read().echo().instance();

            assertThat(first).isEqualTo("web-v2");
            assertThat(second).isEqualTo("web-v1");
        } finally {
            fx.use("[]");
        }
    }
}
