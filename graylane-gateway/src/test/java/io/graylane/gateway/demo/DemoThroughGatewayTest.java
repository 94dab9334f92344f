package io.graylane.gateway.demo;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.testkit.demo.DemoReply;
import io.graylane.testkit.demo.DemoTopology;
import io.graylane.testkit.demo.DemoUpstream;
import io.graylane.testkit.demo.ReceivedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo topology of docs/examples/demo.yaml end to end: a real gateway on port 0 over the demo
 * config (instances moved to free ports), frontend calling orders back through the gateway.
 */
class DemoThroughGatewayTest {

    private static final String FALLBACK_CHAIN = "frontend v2 → orders v1 (fallback: canary: no instances)";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicReference<URI> gatewayAddress = new AtomicReference<>();
    private DemoTopology demo;
    private GatewayServer gateway;

    @BeforeEach
    void startDemo() throws IOException {
        demo = DemoTopology.builder().anyFreePorts().gateway(gatewayAddress::get).start();
        String yaml = demo.rewritePorts(demoYaml());
        GraylaneConfig config = new ConfigLoader().parse(yaml, Format.YAML, "demo.yaml");
        gateway = GatewayServer.builder(LaneEngine.create(config)).port(0).eventLoops(2).debugHeader(true).build().start();
        gatewayAddress.set(URI.create("http://127.0.0.1:" + gateway.port()));
    }

    @AfterEach
    void stopDemo() {
        if (gateway != null) {
            gateway.close();
        }
        demo.close();
    }

    @Test
    void aDefaultRequestIsServedByV1AtEveryHop() throws Exception {
        HttpResponse<String> r = get("/frontend");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("frontend v1 → orders v1\nlanes received: frontend=stable, orders=stable\n");
    }

    @Test
    void aBetaUserGetsTheFrontendCanaryAndFallsBackToStableOrders() throws Exception {
        HttpResponse<String> r = get("/frontend", "X-User-Group", "beta");

        assertThat(DemoReply.parse(r.body())).isEqualTo(new DemoReply(FALLBACK_CHAIN, "frontend=canary, orders=canary"));
        assertThat(r.headers().firstValue("X-Graylane-Debug"))
                .hasValue("lane=canary; source=rule; rule=beta-users; served=canary; instance=frontend-v2");
    }

    @Test
    void theCanaryCookieColorsTheRequestLikeABetaUser() throws Exception {
        HttpResponse<String> r = get("/frontend", "Cookie", "session=x; canary=1");

        assertThat(DemoReply.parse(r.body()).chain()).isEqualTo(FALLBACK_CHAIN);
    }

    @Test
    void theLaneReachesOrdersWithItsBaggageAndTraceparent() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        get("/frontend", "X-User-Group", "beta", "traceparent", traceparent, "baggage", "tenant=acme");

        ReceivedRequest atOrders = demo.upstream("orders-v1").lastRequest().orElseThrow();
        assertThat(atOrders.path()).isEqualTo("/orders");
        assertThat(atOrders.lane()).isEqualTo("canary");
        assertThat(atOrders.baggage()).contains("graylane.lane=canary").contains("tenant=acme");
        assertThat(atOrders.traceparent()).isEqualTo(traceparent);
    }

    @Test
    void ordersAskedDirectlySaysInTheDebugHeaderThatItFellBack() throws Exception {
        HttpResponse<String> r = get("/orders", "X-User-Group", "beta");

        assertThat(r.body()).isEqualTo("orders v1\nlanes received: orders=canary\n");
        assertThat(r.headers().firstValue("X-Graylane-Debug")).hasValue("lane=canary; source=rule; rule=beta-users; "
                + "served=stable; fallback=\"canary: no instances\"; instance=orders-v1");
    }

    @ParameterizedTest(name = "{0} gets \"{1}\" every time")
    @CsvSource(delimiter = '|', value = {
            "victor | frontend v2 → orders v1 (fallback: canary: no instances)",
            "alice  | frontend v1 → orders v1"})
    void aStickyUserGetsTheSameVersionsEveryTime(String user, String chain) throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(DemoReply.parse(get("/frontend", "X-User-ID", user).body()).chain()).isEqualTo(chain);
        }
    }

    @Test
    void onceOrdersHasACanaryABetaUserReachesItWithoutFallingBack() throws Exception {
        try (DemoUpstream ordersV2 = DemoUpstream.builder("orders", "v2").start()) {
            Instance canary = new Instance("orders", "orders-v2", "127.0.0.1", ordersV2.port(), Health.PASSING, 1, "dc1",
                    Map.of("version", "v2"));
            List<Instance> orders = new ArrayList<>(gateway.engine().config().staticInstances().get("orders"));
            orders.add(canary);
            gateway.updateEngine(gateway.engine().withInstances("orders", orders));

            assertThat(DemoReply.parse(get("/frontend", "X-User-Group", "beta").body()).chain())
                    .isEqualTo("frontend v2 → orders v2");
            assertThat(DemoReply.parse(get("/frontend").body()).chain()).isEqualTo("frontend v1 → orders v1");
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(gatewayAddress.get().resolve(path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The demo config as the jar embeds it (copied from docs/examples/demo.yaml by the build). */
    private static String demoYaml() throws IOException {
        try (InputStream in = DemoThroughGatewayTest.class.getClassLoader().getResourceAsStream("io/graylane/gateway/demo.yaml")) {
            assertThat(in).as("embedded demo.yaml").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
