package io.graylane.gateway.proxy;

import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstreams marked {@code protocol: h2c}, reached from HTTP/1.1 and h2c clients: gRPC-shaped
 * exchanges (trailers, trailers-only errors) pass intact, {@code TE: trailers} reaches the upstream,
 * request trailers travel both ways, streams share pooled connections, failures are answered 502.
 */
class GatewayH2cUpstreamTest extends H2ClientTestBase {

    private static Http2Headers grpc(String path) {
        return H2TestClient.request("POST", path, "content-type", "application/grpc", "te", "trailers");
    }

    @Test
    void anHttp1RequestReachesAnH2cUpstreamWithTeTrailersAndAuthority() {
        RawHttp.Response r = RawHttp.exchange(fx.port(), RawHttp.get("/h2/page?x=1", "X-User: bob"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("instance: h2-v1", "method: GET", "path: /h2/page?x=1", "authority: test",
                "header: x-user: bob", "header: te: trailers", "header: x-graylane-lane: stable");
        assertThat(r.text()).doesNotContain("header: host", "x-http2-");
    }

    @Test
    void chunkedRequestTrailersOfAnHttp1ClientReachTheH2cUpstreamAsATrailingHeadersFrame() {
        RawHttp.Response r = RawHttp.exchange(fx.port(), "POST /h2/upload HTTP/1.1\r\nHost: test\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Sum: 5\r\nHost: evil\r\n\r\n");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("body: hello", "trailer: x-sum: 5").doesNotContain("trailer: host");
    }

    @Test
    void grpcTrailersOfAnH2cUpstreamReachAnHttp1ClientAsChunkedTrailers() {
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send("POST /h2/svc/grpc-ok HTTP/1.1\r\nHost: test\r\nContent-Type: application/grpc\r\nTE: trailers\r\n"
                    + "Connection: close\r\nContent-Length: 4\r\n\r\nping");
            String raw = new String(http.readToEnd(), StandardCharsets.ISO_8859_1);

            assertThat(raw).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            assertThat(raw).contains("4\r\nping\r\n0\r\n").containsIgnoringCase("grpc-status: 0\r\n")
                    .containsIgnoringCase("grpc-message: OK\r\n");
        }
    }

    @Test
    void aGrpcExchangeBetweenH2cPeersKeepsItsFramesAndTrailers() {
        H2TestClient.Exchange ex = client.exchange(grpc("/h2/pkg.Svc/grpc-ok"), "ping", null);

        assertThat(ex.status()).isEqualTo("200");
        assertThat(ex.header("content-type")).isEqualTo("application/grpc");
        assertThat(ex.body()).isEqualTo("ping");
        H2TestClient.Frame last = ex.frames.get(ex.frames.size() - 1);
        assertThat(last.headers()).as("frames %s", ex.frames).isTrue();
        assertThat(last.endStream()).isTrue();
        assertThat(ex.trailers().get("grpc-status")).hasToString("0");
        assertThat(ex.trailers().get("grpc-message")).hasToString("OK");
        assertThat(fx.h2v1.seen).anySatisfy(h -> {
            assertThat(h.path()).hasToString("/h2/pkg.Svc/grpc-ok");
            assertThat(h.get("te")).hasToString("trailers");
        });
    }

    @Test
    void aTrailersOnlyGrpcErrorStaysOneHeadersFrameWithEndStream() {
        H2TestClient.Exchange ex = client.exchange(grpc("/h2/pkg.Svc/grpc-fail"), "ping", null);

        assertThat(ex.frames).as("frames %s", ex.frames).hasSize(1);
        H2TestClient.Frame only = ex.frames.get(0);
        assertThat(only.headers()).isTrue();
        assertThat(only.endStream()).isTrue();
        assertThat(only.headerBlock().status()).hasToString("200");
        assertThat(only.headerBlock().get("grpc-status")).hasToString("5");
        assertThat(only.headerBlock().get("grpc-message")).hasToString("no such thing");
    }

    @Test
    void anH2cResponseWithoutTrailersEndsOnItsDataFrameWithNoEmptyHeadersFrame() {
        H2TestClient.Exchange ex = client.exchange(H2TestClient.request("POST", "/h2/echo"), "abc",
                Map.of("x-sum", "3"));

        assertThat(ex.body()).contains("instance: h2-v1", "body: abc", "trailer: x-sum: 3");
        assertThat(ex.frames).filteredOn(H2TestClient.Frame::headers).hasSize(1);
        H2TestClient.Frame last = ex.frames.get(ex.frames.size() - 1);
        assertThat(last.headers()).as("frames %s", ex.frames).isFalse();
        assertThat(last.endStream()).isTrue();
    }

    @Test
    void streamsToAnH2cUpstreamShareOnePooledConnection() {
        List<CompletableFuture<H2TestClient.Exchange>> pending = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pending.add(client.send(H2TestClient.request("GET", "/h2/s" + i, "x-graylane-lane", "canary"), null, null));
        }
        for (CompletableFuture<H2TestClient.Exchange> p : pending) {
            H2TestClient.Exchange ex = p.orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(ex.header("x-instance")).isEqualTo("h2-v2");
        }
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.exchange(fx.port(), RawHttp.get("/h2/again", "X-Graylane-Lane: canary")).text())
                    .contains("instance: h2-v2");
        }
        assertThat(fx.h2v2.connections.get()).as("connections opened to h2-v2").isEqualTo(1);
    }

    @Test
    void largeBodiesCrossTheFlowControlWindowsOfBothHops() {
        String big = "0123456789abcdef".repeat(20_000); // 320 KB, five times the initial stream window

        H2TestClient.Exchange h2 = client.exchange(H2TestClient.request("POST", "/h2/big"), big, null);
        H2TestClient.Exchange h1 = client.exchange(H2TestClient.request("POST", "/h1/big"), big, null);

        assertThat(h2.status()).isEqualTo("200");
        assertThat(h2.body()).contains("body: " + big + "\n");
        assertThat(h1.status()).isEqualTo("200");
        assertThat(h1.body()).contains("body: " + big + "\n");
    }

    @Test
    void aHeadRequestIsAnsweredWithTheLengthAndNoBodyOnEitherClientProtocol() {
        H2TestClient.Exchange h2 = client.exchange(H2TestClient.request("HEAD", "/h2/doc"), null, null);
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send("HEAD /h2/doc HTTP/1.1\r\nHost: test\r\n\r\n");
            RawHttp.Response h1 = http.readHead();

            assertThat(h1.status()).isEqualTo(200);
            assertThat(h1.header("content-length")).isEqualTo("42");
            http.send(RawHttp.get("/h2/after"));
            assertThat(http.read().text()).as("the connection goes on").contains("path: /h2/after");
        }
        assertThat(h2.frames).as("frames %s", h2.frames).hasSize(1);
        assertThat(h2.frames.get(0).endStream()).isTrue();
        assertThat(h2.header("content-length")).isEqualTo("42");
    }

    @Test
    void anUnreachableH2cUpstreamIsAnswered502WithTheReasonOnTheStream() {
        H2TestClient.Exchange ex = client.get("/dead/x");

        assertThat(ex.status()).isEqualTo("502");
        assertThat(ex.body()).contains("upstream connect error: dead-v1 127.0.0.1:" + fx.deadPort, "refused");
        assertThat(client.get("/h2/x").status()).isEqualTo("200");
    }

    @Test
    void anUpstreamStreamResetBeforeTheResponseIsAnswered502() {
        RawHttp.Response r = RawHttp.exchange(fx.port(), RawHttp.get("/h2/x/reset"));

        assertThat(r.status()).isEqualTo(502);
        assertThat(r.text()).contains("upstream closed the connection before responding: h2-v1",
                "upstream reset the stream (error code 2)");
    }
}
