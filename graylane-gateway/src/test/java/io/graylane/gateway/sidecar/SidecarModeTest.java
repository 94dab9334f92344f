package io.graylane.gateway.sidecar;

import io.graylane.core.engine.LaneEngine;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.RawHttp;
import io.graylane.gateway.proxy.TestConfigs;
import io.graylane.gateway.proxy.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway in sidecar mode on loopback, end to end over real sockets: a local caller's lane is kept
 * and its outbound call routed to the service its {@code Host} or first path segment names.
 */
class SidecarModeTest {

    private static TestUpstream ordersV1;
    private static TestUpstream ordersV2;
    private static TestUpstream paymentsV1;
    private static GatewayServer sidecar;

    @BeforeAll
    static void start() {
        ordersV1 = new TestUpstream("orders-v1");
        ordersV2 = new TestUpstream("orders-v2");
        paymentsV1 = new TestUpstream("payments-v1");
        sidecar = GatewayServer.builder(engine("")).port(0).bindAddress("127.0.0.1").eventLoops(1).build().start();
    }

    @AfterAll
    static void stop() {
        sidecar.close();
        ordersV1.close();
        ordersV2.close();
        paymentsV1.close();
    }

    /** The sidecar's config with {@code extra} YAML appended (more sidecar keys, trust). */
    static LaneEngine engine(String sidecarKeys) {
        String yaml = TestConfigs.CANARY_LANES + """
                mode: sidecar
                sidecar: {hostSuffixes: [.service.consul], services: [search]%s}
                routes:
                  - {name: legacy, pathPrefix: /legacy, service: payments}
                discovery:
                  static:
                    orders:
                      - {id: orders-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: orders-v2, address: 127.0.0.1, port: %d, tags: [version=v2]}
                    payments:
                      - {id: payments-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                """.formatted(sidecarKeys, ordersV1.port(), ordersV2.port(), paymentsV1.port());
        return TestConfigs.engine(yaml, "sidecar.yaml");
    }

    private static RawHttp.Response get(String host, String path, String... headerLines) {
        StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        return RawHttp.exchange(sidecar.port(), sb.append("\r\n").toString());
    }

    @Test
    void aLocalCallersLaneIsKeptAndTheHostNamesTheServiceItsCanaryServes() {
        RawHttp.Response r = get("orders:8080", "/items/7", "X-Graylane-Lane: canary");

        assertThat(r.status()).isEqualTo(200);
        RawHttp.Echo echo = r.echo();
        assertThat(echo.instance()).isEqualTo("orders-v2");
        assertThat(echo.uri()).isEqualTo("/items/7");
        assertThat(echo.header("X-Graylane-Lane")).isEqualTo("canary");
        assertThat(echo.header("Host")).isEqualTo("orders:8080");
    }

    @Test
    void aConsulStyleHostSuffixNamesTheServiceToo() {
        RawHttp.Response r = get("orders.service.consul", "/items/7", "X-Graylane-Lane: canary");

        assertThat(r.echo().instance()).isEqualTo("orders-v2");
    }

    @Test
    void theFirstPathSegmentNamesTheServiceWhenTheHostDoesNotAndIsStrippedOnTheWayUp() {
        RawHttp.Response r = get("127.0.0.1:" + sidecar.port(), "/orders/items/7?full=1", "X-Graylane-Lane: canary");

        RawHttp.Echo echo = r.echo();
        assertThat(echo.instance()).isEqualTo("orders-v2");
        assertThat(echo.uri()).isEqualTo("/items/7?full=1");
    }

    @Test
    void aCallerUsingTheSidecarAsItsHttpProxySendsAnAbsoluteFormTargetAndIsRoutedByItsHost() {
        RawHttp.Response r = RawHttp.exchange(sidecar.port(),
                "GET http://orders/items/7 HTTP/1.1\r\nHost: orders\r\nX-Graylane-Lane: canary\r\n\r\n");

        RawHttp.Echo echo = r.echo();
        assertThat(echo.instance()).isEqualTo("orders-v2");
        assertThat(echo.uri()).isEqualTo("/items/7");
    }

    @Test
    void configuredRoutesComeFirst() {
        RawHttp.Response r = get("orders", "/legacy/pay");

        assertThat(r.echo().instance()).isEqualTo("payments-v1");
    }

    @Test
    void withoutALaneTheColoringRulesDecideAndTheLaneTravelsOn() {
        RawHttp.Response colored = get("orders", "/x", "X-User-Group: beta");
        RawHttp.Response plain = get("orders", "/x");

        assertThat(colored.echo().instance()).isEqualTo("orders-v2");
        assertThat(colored.echo().header("X-Graylane-Lane")).isEqualTo("canary");
        assertThat(plain.echo().instance()).isEqualTo("orders-v1");
        assertThat(plain.echo().header("X-Graylane-Lane")).isEqualTo("stable");
    }

    @Test
    void aLaneWithoutItsOwnInstancesFallsBackAndKeepsTheLane() {
        RawHttp.Response r = get("payments", "/p", "X-Graylane-Lane: canary");

        assertThat(r.echo().instance()).isEqualTo("payments-v1");
        assertThat(r.echo().header("X-Graylane-Lane")).isEqualTo("canary");
    }

    @Test
    void anUnknownServiceIs404WithTheHostAndPathInTheReason() {
        RawHttp.Response r = get("inventory", "/inventory/1", "X-Graylane-Lane: canary");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).contains("no route for host 'inventory' and path '/inventory/1'");
    }

    @Test
    void aKnownServiceWithoutInstancesIs503WithTheReason() {
        RawHttp.Response r = get("search", "/q");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.text()).contains("search");
    }

    @Test
    void whenLoopbackIsNotTrustedACallersLaneIsStrippedAndTheRequestColored() {
        try (GatewayServer strict = GatewayServer.builder(engine(", trustLoopback: false")).port(0)
                .bindAddress("127.0.0.1").eventLoops(1).build().start()) {
            RawHttp.Response r = RawHttp.exchange(strict.port(),
                    "GET /x HTTP/1.1\r\nHost: orders\r\nX-Graylane-Lane: canary\r\n\r\n");

            assertThat(r.echo().instance()).isEqualTo("orders-v1");
            assertThat(r.echo().header("X-Graylane-Lane")).isEqualTo("stable");
        }
    }
}
