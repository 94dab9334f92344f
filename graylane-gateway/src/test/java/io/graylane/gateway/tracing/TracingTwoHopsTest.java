package io.graylane.gateway.tracing;

import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.TestConfigs;
import io.graylane.testkit.demo.DemoReply;
import io.graylane.testkit.demo.DemoUpstream;
import io.graylane.testkit.demo.ReceivedRequest;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.graylane.gateway.tracing.SpanAttributes.LANE;
import static io.graylane.gateway.tracing.SpanAttributes.LANE_SOURCE;
import static io.graylane.gateway.tracing.SpanAttributes.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The acceptance test, "the lane and trace survive two hops": client → gateway → frontend,
 * which calls orders back through the gateway carrying the headers it received (as the demo's
 * frontend does) → orders. Both gateway spans are in the client's trace, the second a child of the
 * first, and orders gets the lane the first hop colored.
 */
class TracingTwoHopsTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CLIENT_SPAN = "b7ad6b7169203331";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final AtomicReference<URI> gatewayAddress = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private DemoUpstream frontend;
    private DemoUpstream ordersV1;
    private DemoUpstream ordersV2;
    private GatewayServer gateway;

    @BeforeEach
    void start() {
        frontend = DemoUpstream.builder("frontend", "v1").downstream("orders", "/orders", gatewayAddress::get).start();
        ordersV1 = DemoUpstream.builder("orders", "v1").start();
        ordersV2 = DemoUpstream.builder("orders", "v2").start();
        String yaml = TestConfigs.CANARY_LANES + """
                trust:
                  trustedCidrs: [127.0.0.1/32]
                routes:
                  - {name: frontend, pathPrefix: /frontend, service: frontend}
                  - {name: orders, pathPrefix: /orders, service: orders}
                discovery:
                  static:
                    frontend:
                      - {id: frontend-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                    orders:
                      - {id: orders-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: orders-v2, address: 127.0.0.1, port: %d, tags: [version=v2]}
                chain: [{id: trace, type: tracing}]
                """.formatted(frontend.port(), ordersV1.port(), ordersV2.port());
        LaneEngine engine = TestConfigs.engine(yaml, "two-hops.yaml");
        gateway = GatewayServer.builder(engine)
                .port(0)
                .eventLoops(2)
                .middlewareRegistry(TracingFixture.registryWith(new TracingFactory(spans)))
                .build()
                .start();
        gatewayAddress.set(URI.create("http://127.0.0.1:" + gateway.port()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        frontend.close();
        ordersV1.close();
        ordersV2.close();
    }

    @Test
    void theLaneAndTraceSurviveTwoHops() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(gatewayAddress.get().resolve("/frontend/home"))
                .header("X-User-Group", "beta")
                .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01")
                .timeout(Duration.ofSeconds(10))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(DemoReply.parse(response.body()).laneOf("orders")).isEqualTo("canary");
        await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().size() == 2);
        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData first = byRoute(finished, "frontend");
        SpanData second = byRoute(finished, "orders");

        assertThat(first.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(first.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(second.getTraceId()).isEqualTo(TRACE_ID);
        // frontend records no span of its own: the gateway's first span is the second one's parent.
        assertThat(second.getParentSpanId()).isEqualTo(first.getSpanId());
        assertThat(first.getAttributes().get(LANE)).isEqualTo("canary");
        assertThat(first.getAttributes().get(LANE_SOURCE)).isEqualTo("rule");
        assertThat(second.getAttributes().get(LANE)).isEqualTo("canary");
        assertThat(second.getAttributes().get(LANE_SOURCE)).isEqualTo("trusted_header");

        ReceivedRequest atOrders = ordersV2.lastRequest().orElseThrow();
        assertThat(atOrders.lane()).isEqualTo("canary");
        assertThat(atOrders.baggage()).contains("graylane.lane=canary");
        assertThat(atOrders.traceparent()).startsWith("00-" + TRACE_ID + "-" + second.getSpanId() + "-");
        assertThat(ordersV1.requests()).isEmpty();
    }

    private static SpanData byRoute(List<SpanData> spans, String route) {
        return spans.stream().filter(s -> route.equals(s.getAttributes().get(ROUTE))).findFirst()
                .orElseThrow(() -> new AssertionError("no span for route " + route + ": " + spans));
    }
}
