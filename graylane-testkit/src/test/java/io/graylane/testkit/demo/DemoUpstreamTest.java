package io.graylane.testkit.demo;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoUpstreamTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void answersWithItsServiceVersionAndTheLaneItReceived() throws Exception {
        DemoUpstream orders = keep(DemoUpstream.builder("orders", "v1").start());

        HttpResponse<String> r = get(orders.uri().resolve("/orders/42"), "X-Graylane-Lane", "canary");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(r.headers().firstValue("X-Demo-Service")).hasValue("orders");
        assertThat(r.headers().firstValue("X-Demo-Version")).hasValue("v1");
        assertThat(r.headers().firstValue("X-Demo-Instance")).hasValue("orders-v1");
        assertThat(r.headers().firstValue("X-Demo-Lane")).hasValue("canary");
        assertThat(r.body()).isEqualTo("orders v1\nlanes received: orders=canary\n");
        assertThat(orders.lastRequest()).hasValueSatisfying(req -> {
            assertThat(req.path()).isEqualTo("/orders/42");
            assertThat(req.lane()).isEqualTo("canary");
        });
    }

    @Test
    void aRequestWithoutALaneIsEchoedAsNone() throws Exception {
        DemoUpstream orders = keep(DemoUpstream.builder("orders", "v1").start());

        HttpResponse<String> r = get(orders.uri());

        assertThat(r.headers().firstValue("X-Demo-Lane")).hasValue("none");
        assertThat(DemoReply.parse(r.body()).laneOf("orders")).isEqualTo("none");
    }

    @Test
    void carriesTheLaneBaggageAndTraceparentOnItsDownstreamCall() throws Exception {
        DemoUpstream orders = keep(DemoUpstream.builder("orders", "v1").start());
        // No gateway in between: the downstream "gateway" is orders itself.
        DemoUpstream frontend = keep(DemoUpstream.builder("frontend", "v2")
                .downstream("orders", "/orders", orders::uri).start());
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        HttpResponse<String> r = get(frontend.uri().resolve("/frontend"), "X-Graylane-Lane", "canary",
                "baggage", "graylane.lane=canary,user=alice", "traceparent", traceparent);

        assertThat(r.body()).isEqualTo("frontend v2 → orders v1\nlanes received: frontend=canary, orders=canary\n");
        assertThat(orders.lastRequest()).hasValue(new ReceivedRequest("GET", "/orders", "canary",
                "graylane.lane=canary,user=alice", traceparent));
    }

    @Test
    void notesTheFallbackTheGatewayReportsInItsDebugHeader() throws Exception {
        HttpServer gateway = fakeGateway(200, "lane=canary; source=trusted_header; served=stable; "
                + "fallback=\"canary: no instances\"; instance=orders-v1", "orders v1\nlanes received: orders=canary\n");
        DemoUpstream frontend = keep(DemoUpstream.builder("frontend", "v2")
                .downstream("orders", "/orders", () -> uriOf(gateway)).start());

        HttpResponse<String> r = get(frontend.uri(), "X-Graylane-Lane", "canary");

        assertThat(DemoReply.parse(r.body()).chain())
                .isEqualTo("frontend v2 → orders v1 (fallback: canary: no instances)");
    }

    @Test
    void theFallbackNoteGoesOnTheFirstHopOfALongerDownstreamChain() throws Exception {
        HttpServer gateway = fakeGateway(200, "lane=canary; source=trusted_header; served=stable; "
                + "fallback=\"canary: no healthy instances\"; instance=b-v1", "b v1 → c v2\nlanes received: b=canary, c=canary\n");
        DemoUpstream a = keep(DemoUpstream.builder("a", "v2").downstream("b", "/b", () -> uriOf(gateway)).start());

        HttpResponse<String> r = get(a.uri(), "X-Graylane-Lane", "canary");

        assertThat(DemoReply.parse(r.body()))
                .isEqualTo(new DemoReply("a v2 → b v1 (fallback: canary: no healthy instances) → c v2",
                        "a=canary, b=canary, c=canary"));
    }

    @Test
    void aGatewayErrorDownstreamIsA502ThatSaysWhy() throws Exception {
        HttpServer gateway = fakeGateway(503, "lane=vip; source=rule; outcome=rejected",
                "lane 'vip' is strict and cannot serve service 'orders'\n");
        DemoUpstream frontend = keep(DemoUpstream.builder("frontend", "v1")
                .downstream("orders", "/orders", () -> uriOf(gateway)).start());

        HttpResponse<String> r = get(frontend.uri());

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(DemoReply.parse(r.body()).chain()).isEqualTo(
                "frontend v1 → orders: failed: HTTP 503 lane 'vip' is strict and cannot serve service 'orders'");
    }

    @Test
    void anUnreachableGatewayIsA502NamingItsAddress() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:" + freePort());
        DemoUpstream frontend = keep(DemoUpstream.builder("frontend", "v1")
                .downstream("orders", "/orders", () -> nowhere).start());

        HttpResponse<String> r = get(frontend.uri());

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).startsWith("frontend v1 → orders: failed: cannot reach the gateway at " + nowhere);
    }

    @Test
    void aPortInUseIsNamedWithTheInstance() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> DemoUpstream.builder("frontend", "v1").port(taken.getLocalPort()).start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("frontend-v1: port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
        }
    }

    @Test
    void builderNamesTheBadArgument() {
        assertThatThrownBy(() -> DemoUpstream.builder("orders", "v1").port(70000))
                .hasMessage("port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> DemoUpstream.builder("orders", ""))
                .hasMessage("version: \"\" (expected: a non-empty token)");
        assertThatThrownBy(() -> DemoUpstream.builder("frontend", "v1").downstream("orders", "orders", () -> null))
                .hasMessage("path: orders (expected: a path starting with '/')");
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpServer fakeGateway(int status, String debug, String body) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("X-Graylane-Debug", debug);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        });
        s.start();
        open.add(() -> s.stop(0));
        return s;
    }

    private static URI uriOf(HttpServer s) {
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
