package io.graylane.gateway.proxy;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * h2c clients (HTTP/2 with prior knowledge) on the gateway's one port, in front of HTTP/1.1 upstreams:
 * routing, lanes and trust per stream, trailers both ways, the frames a response ends with, and the
 * limits a hostile client meets.
 */
class GatewayH2cClientTest extends H2ClientTestBase {

    @Test
    void anH2cRequestReachesAnHttp1UpstreamWithAuthorityAsHost() {
        H2TestClient.Exchange ex = client.get("/h1/page?q=1", "x-user", "alice");

        assertThat(ex.status()).isEqualTo("200");
        assertThat(ex.body()).contains("instance: h1-v1", "method: GET", "uri: /h1/page?q=1", "header: host: test",
                "header: x-user: alice", "header: x-forwarded-for: 127.0.0.1", "header: x-graylane-lane: stable");
        assertThat(ex.body()).doesNotContain("x-http2-");
    }

    @Test
    void http1ClientsAreServedOnTheSamePort() {
        RawHttp.Response r = RawHttp.exchange(fx.port(), RawHttp.get("/h1/x"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("instance: h1-v1");
    }

    @Test
    void aResponseWithoutTrailersEndsWithEndStreamOnItsLastDataFrame() {
        H2TestClient.Exchange ex = client.get("/h1/x");

        assertThat(ex.frames).as("frames %s", ex.frames).filteredOn(H2TestClient.Frame::headers).hasSize(1);
        H2TestClient.Frame last = ex.frames.get(ex.frames.size() - 1);
        assertThat(last.headers()).as("frames %s", ex.frames).isFalse();
        assertThat(last.endStream()).isTrue();
        assertThat(ex.trailers()).isNull();
    }

    @Test
    void responseTrailersOfAChunkedHttp1ResponseArriveAsATrailingHeadersFrame() {
        H2TestClient.Exchange ex = client.get("/h1/x/trailers");

        assertThat(ex.status()).isEqualTo("200");
        assertThat(ex.body()).contains("instance: h1-v1");
        H2TestClient.Frame last = ex.frames.get(ex.frames.size() - 1);
        assertThat(last.headers()).as("frames %s", ex.frames).isTrue();
        assertThat(last.endStream()).isTrue();
        assertThat(ex.trailers().get("x-checksum")).hasToString("1234");
        assertThat(ex.trailers().get("grpc-status")).hasToString("0");
    }

    @Test
    void requestTrailersReachAnHttp1UpstreamAsChunkedTrailers() {
        H2TestClient.Exchange ex = client.exchange(H2TestClient.request("POST", "/h1/upload"), "hello",
                Map.of("x-sum", "5", "content-length", "99"));

        assertThat(ex.status()).isEqualTo("200");
        assertThat(ex.body()).contains("body: hello", "trailer: x-sum: 5");
        assertThat(ex.body()).as("framing fields are no trailers").doesNotContain("trailer: content-length");
    }

    @Test
    void aBodilessRequestIsForwardedWithoutABody() {
        H2TestClient.Exchange ex = client.exchange(H2TestClient.request("DELETE", "/h1/thing"), null, null);

        assertThat(ex.status()).isEqualTo("200");
        assertThat(ex.body()).contains("method: DELETE", "body: \n").doesNotContain("transfer-encoding");
    }

    @Test
    void manyConcurrentStreamsOnOneConnectionAreEachRoutedByTheirOwnLaneHeader() {
        List<CompletableFuture<H2TestClient.Exchange>> pending = new ArrayList<>();
        List<String> lanes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String lane = i % 3 == 0 ? "canary" : "stable";
            String service = i % 2 == 0 ? "h1" : "h2";
            lanes.add(lane + " " + service);
            pending.add(client.send(H2TestClient.request("GET", "/" + service + "/n" + i, "x-graylane-lane", lane),
                    null, null));
        }
        for (int i = 0; i < pending.size(); i++) {
            H2TestClient.Exchange ex = pending.get(i).orTimeout(10, TimeUnit.SECONDS).join();
            String[] expect = lanes.get(i).split(" ");
            String version = expect[0].equals("canary") ? "v2" : "v1";
            assertThat(ex.status()).isEqualTo("200");
            assertThat(ex.header("x-instance")).as("stream %d (%s)", i, lanes.get(i)).isEqualTo(expect[1] + "-" + version);
            assertThat(ex.body()).contains("header: x-graylane-lane: " + expect[0]);
        }
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void aLaneHeaderFromAnUntrustedClientIsStrippedOnH2Too() {
        fx.distrust();

        H2TestClient.Exchange ex = client.get("/h1/x", "x-graylane-lane", "canary");

        assertThat(ex.header("x-instance")).isEqualTo("h1-v1");
        assertThat(ex.body()).contains("header: x-graylane-lane: stable").doesNotContain("canary");
    }

    @Test
    void anOversizedHeaderListIsAnswered431OnItsStreamAndTheConnectionGoesOn() {
        H2TestClient.Exchange big = client.get("/h1/x", "x-big", "a".repeat(17_000));

        assertThat(big.status()).isEqualTo("431");
        assertThat(client.get("/h1/x").status()).isEqualTo("200");
    }

    @Test
    void aConnectionSpecificHeaderResetsTheStream() {
        H2TestClient.Exchange ex = client.get("/h1/x", "connection", "keep-alive");

        assertThat(ex.resetCode).as("exchange %s", ex).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
        assertThat(client.get("/h1/x").status()).isEqualTo("200");
    }

    @Test
    void aRequestWithoutAuthorityIsAnswered400() {
        Http2Headers noAuthority = H2TestClient.request("GET", "/h1/x");
        noAuthority.remove(":authority");

        H2TestClient.Exchange ex = client.exchange(noAuthority, null, null);

        assertThat(ex.status()).isEqualTo("400");
        assertThat(ex.body()).contains(":authority");
    }

    @Test
    void anUnroutableStreamIsAnswered404WithTheReason() {
        H2TestClient.Exchange ex = client.get("/nowhere");

        assertThat(ex.status()).isEqualTo("404");
        assertThat(ex.body()).contains("no route for host 'test' and path '/nowhere'");
    }
}
