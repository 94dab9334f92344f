package io.graylane.gateway.metrics;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static io.graylane.gateway.metrics.GatewayMetricsTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request metrics of a gateway whose config has no chain (the fast path), recorded by the gateway
 * itself and scraped from the admin API's /metrics over HTTP.
 */
class ChainFreeMetricsTest {

    private static MetricsWorld world;

    @BeforeAll
    static void start() {
        world = new MetricsWorld(null, "[]");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static double scraped(String name, String labels) {
        return Math.max(0, value(world.admin("/metrics").body(), name, labels));
    }

    @Test
    void theGatewayHasNoChainAndStillCountsAndTimesRequestsByLane() {
        assertThat(world.gateway.chainIds()).isEmpty();
        String canary = "fallback=\"false\",lane=\"canary\",route=\"web\",served_lane=\"canary\",service=\"web\","
                + "status_class=\"2xx\"";
        String stable = "fallback=\"false\",lane=\"stable\",route=\"web\",served_lane=\"stable\",service=\"web\","
                + "status_class=\"2xx\"";
        double canaryBefore = scraped("graylane_requests_total", canary);
        double stableBefore = scraped("graylane_requests_total", stable);

        for (int i = 0; i < 2; i++) {
            assertThat(world.viaGateway("/web/a", "X-User-Group", "beta").body()).isEqualTo("v2");
        }
        assertThat(world.viaGateway("/web/b").body()).isEqualTo("v1");

        await().untilAsserted(() -> {
            assertThat(scraped("graylane_requests_total", canary)).isEqualTo(canaryBefore + 2);
            assertThat(scraped("graylane_requests_total", stable)).isEqualTo(stableBefore + 1);
        });
        assertThat(scraped("graylane_request_duration_seconds_count",
                "lane=\"canary\",route=\"web\",status_class=\"2xx\"")).isGreaterThanOrEqualTo(canaryBefore + 2);
        assertThat(world.admin("/metrics").body()).contains("# TYPE graylane_request_duration_seconds histogram")
                .doesNotContain("graylane_request_duration_seconds_gcount"); // classic buckets only
    }

    @Test
    void interleavedLanesAndStatusesOnOneEventLoopAreEachCountedUnderTheirOwnLabels() {
        String canary = "fallback=\"false\",lane=\"canary\",route=\"web\",served_lane=\"canary\",service=\"web\","
                + "status_class=\"2xx\"";
        String stable = "fallback=\"false\",lane=\"stable\",route=\"web\",served_lane=\"stable\",service=\"web\","
                + "status_class=\"2xx\"";
        String unrouted = "fallback=\"false\",lane=\"stable\",route=\"\",served_lane=\"\",service=\"\",status_class=\"4xx\"";
        double canaryBefore = scraped("graylane_requests_total", canary);
        double stableBefore = scraped("graylane_requests_total", stable);
        double unroutedBefore = scraped("graylane_requests_total", unrouted);

        for (int i = 0; i < 4; i++) {
            assertThat(world.viaGateway("/web/i", "X-User-Group", "beta").body()).isEqualTo("v2");
            assertThat(world.viaGateway("/web/i").body()).isEqualTo("v1");
            assertThat(world.viaGateway("/elsewhere").statusCode()).isEqualTo(404);
        }

        await().untilAsserted(() -> {
            assertThat(scraped("graylane_requests_total", canary)).isEqualTo(canaryBefore + 4);
            assertThat(scraped("graylane_requests_total", stable)).isEqualTo(stableBefore + 4);
            assertThat(scraped("graylane_requests_total", unrouted)).isEqualTo(unroutedBefore + 4);
        });
    }

    @Test
    void unroutedRequestsAndUpstreamErrorsAreCountedOnTheFastPath() {
        String unrouted = "fallback=\"false\",lane=\"stable\",route=\"\",served_lane=\"\",service=\"\",status_class=\"4xx\"";
        double notFoundBefore = scraped("graylane_requests_total", unrouted);
        double connectErrorsBefore = scraped("graylane_upstream_errors_total", "kind=\"connect_error\"");

        assertThat(world.viaGateway("/nowhere").statusCode()).isEqualTo(404);
        assertThat(world.viaGateway("/dead/x").statusCode()).isEqualTo(502);

        await().untilAsserted(() -> {
            assertThat(scraped("graylane_requests_total", unrouted)).isEqualTo(notFoundBefore + 1);
            assertThat(scraped("graylane_upstream_errors_total", "kind=\"connect_error\"")).isEqualTo(connectErrorsBefore + 1);
        });
        assertThat(scraped("graylane_requests_total", "fallback=\"false\",lane=\"stable\",route=\"dead\","
                + "served_lane=\"stable\",service=\"dead\",status_class=\"5xx\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aMalformedRequestIsCountedWithoutRouteOrLane() throws IOException {
        String malformed = "fallback=\"false\",lane=\"\",route=\"\",served_lane=\"\",service=\"\",status_class=\"4xx\"";
        double before = scraped("graylane_requests_total", malformed);

        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), world.gateway.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            // No Host header: the gateway refuses it with 400 itself.
            out.write("GET /web/x HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 400");
        }

        await().untilAsserted(() -> assertThat(scraped("graylane_requests_total", malformed)).isEqualTo(before + 1));
    }

    @Test
    void laneHeadersFromAnUntrustedSenderAreStrippedAndCountedByReason() {
        double untrustedBefore = scraped("graylane_lane_strips_total", "reason=\"untrusted_peer\"");
        double malformedBefore = scraped("graylane_lane_strips_total", "reason=\"malformed\"");

        // The world trusts nobody: the lane is stripped and the request colored (default lane stable).
        assertThat(world.viaGateway("/web/c", "X-Graylane-Lane", "canary").body()).isEqualTo("v1");
        assertThat(world.viaGateway("/web/c", "X-Graylane-Lane", "x".repeat(1000)).body()).isEqualTo("v1");

        assertThat(scraped("graylane_lane_strips_total", "reason=\"untrusted_peer\"")).isEqualTo(untrustedBefore + 1);
        assertThat(scraped("graylane_lane_strips_total", "reason=\"malformed\"")).isEqualTo(malformedBefore + 1);
        assertThat(world.admin("/metrics").body()).contains("graylane_lane_strips_total{reason=\"bad_signature\"} 0");
    }
}
