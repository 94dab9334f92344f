package io.graylane.gateway.tracing;

import com.sun.net.httpserver.HttpServer;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code tracing} type as the gateway registers it: OTLP/HTTP export to a collector on loopback
 * (flushed when the chain is replaced), and with no exporter, the incoming context passed on.
 */
class TracingExportTest {

    /** One request the collector received. */
    record Received(String method, String path, String contentType, String apiKey, byte[] body) {
        boolean mentions(String text) {
            return new String(body, StandardCharsets.ISO_8859_1).contains(text);
        }
    }

    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private TracingFixture fx;
    private HttpServer collector;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws IOException {
        fx = new TracingFixture();
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        collector.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("X-Api-Key"), in.readAllBytes()));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        collector.stop(0);
        fx.close();
    }

    private void serve(String chain) {
        gateway = GatewayServer.builder(fx.engine(chain))
                .port(0)
                .eventLoops(1)
                .middlewareRegistry(new BuiltinMiddleware().registry())
                .build()
                .start();
    }

    @Test
    void spansArePostedAsProtobufToTheCollectorAndFlushedWhenTheChainIsReplaced() {
        serve("[{id: trace, type: tracing, config: {serviceName: otlp-test, exporter: {type: otlp,"
                + " endpoint: 'http://127.0.0.1:" + collector.getAddress().getPort() + "', timeout: 2s,"
                + " headers: {X-Api-Key: secret-1}}}}]");

        RawHttp.Response response = RawHttp.exchange(gateway.port(), RawHttp.get("/web/x", "X-User-Group: beta"));
        assertThat(response.status()).isEqualTo(200);
        // The batch would wait up to 5 s; replacing the chain closes the old one, which flushes.
        gateway.updateEngine(fx.engine("[]"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        Received post = received.peek();
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/v1/traces");
        assertThat(post.contentType()).isEqualTo("application/x-protobuf");
        assertThat(post.apiKey()).isEqualTo("secret-1");
        assertThat(post.body()).isNotEmpty();
        assertThat(post.mentions("otlp-test")).as("service.name in the resource").isTrue();
        assertThat(post.mentions("GET web")).as("the span's name").isTrue();
        assertThat(post.mentions("graylane.lane")).as("the lane attribute").isTrue();
    }

    @Test
    void withoutAnExporterNothingIsSentAndTheIncomingContextTravelsOnUnchanged() {
        serve("[{id: trace, type: tracing}]");
        String traceparent = "00-" + TracingMiddlewareTest.TRACE_ID + "-" + TracingMiddlewareTest.CLIENT_SPAN + "-01";

        RawHttp.Echo upstream = RawHttp.exchange(gateway.port(),
                RawHttp.get("/web/x", "traceparent: " + traceparent, "X-User-Group: beta")).echo();

        assertThat(upstream.headerValues("traceparent")).containsExactly(traceparent);
        assertThat(upstream.header("baggage")).isEqualTo("graylane.lane=canary");
        gateway.close();
        assertThat(received).isEmpty();
    }

    @Test
    void withoutAnExporterAJaegerContextIsPassedOnAsTraceparentToo() {
        serve("[{id: trace, type: tracing, config: {propagators: [tracecontext, jaeger]}}]");
        String trace = TracingMiddlewareTest.TRACE_ID;
        String span = TracingMiddlewareTest.CLIENT_SPAN;

        RawHttp.Echo upstream = RawHttp.exchange(gateway.port(),
                RawHttp.get("/web/x", "uber-trace-id: " + trace + ":" + span + ":0:1")).echo();

        assertThat(upstream.headerValues("traceparent")).containsExactly("00-" + trace + "-" + span + "-01");
        assertThat(upstream.headerValues("uber-trace-id")).containsExactly(trace + ":" + span + ":0:1");
        assertThat(upstream.headerValues("uberctx-graylane.lane")).containsExactly("stable");
        assertThat(List.copyOf(received)).isEmpty();
    }
}
