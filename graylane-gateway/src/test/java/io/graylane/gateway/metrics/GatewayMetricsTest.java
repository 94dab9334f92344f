package io.graylane.gateway.metrics;

import io.graylane.consul.WatchState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Metrics recorded by a real gateway and scraped from the admin API's /metrics. */
class GatewayMetricsTest {

    private static MetricsWorld world;

    @BeforeAll
    static void start() {
        world = new MetricsWorld();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    /** The value of the series {@code name{labels}} in the scrape, or -1 when it is missing. */
    static double value(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static String canaryLabels() {
        return "fallback=\"false\",lane=\"canary\",route=\"web\",served_lane=\"canary\",service=\"web\",status_class=\"2xx\"";
    }

    @Test
    void betaRequestsAreCountedInTheCanaryLaneAndTimedInTheHistogram() {
        double before = Math.max(0, value(world.metrics.scrapeText(), "graylane_requests_total", canaryLabels()));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = world.viaGateway("/web/x", "X-User-Group", "beta");
            assertThat(r.body()).isEqualTo("v2");
        }

        // The completion listener runs after the response's last byte is written: wait for it.
        await().untilAsserted(() -> assertThat(value(world.admin("/metrics").body(), "graylane_requests_total",
                canaryLabels())).isEqualTo(before + 3));
        String scrape = world.admin("/metrics").body();
        assertThat(value(scrape, "graylane_request_duration_seconds_count",
                "lane=\"canary\",route=\"web\",status_class=\"2xx\"")).isEqualTo(before + 3);
        assertThat(value(scrape, "graylane_request_duration_seconds_bucket",
                "lane=\"canary\",route=\"web\",status_class=\"2xx\",le=\"+Inf\"")).isEqualTo(before + 3);
    }

    @Test
    void unroutedRequestsAreCountedWithEmptyRouteAnd4xx() {
        double before = Math.max(0, value(world.metrics.scrapeText(), "graylane_requests_total",
                "fallback=\"false\",lane=\"stable\",route=\"\",served_lane=\"\",service=\"\",status_class=\"4xx\""));

        assertThat(world.viaGateway("/nowhere").statusCode()).isEqualTo(404);

        await().untilAsserted(() -> assertThat(value(world.metrics.scrapeText(), "graylane_requests_total",
                "fallback=\"false\",lane=\"stable\",route=\"\",served_lane=\"\",service=\"\",status_class=\"4xx\""))
                .isEqualTo(before + 1));
    }

    @Test
    void theMetricsEndpointSpeaksThePrometheusTextFormat() {
        assertThat(world.viaGateway("/web/y").body()).isEqualTo("v1");
        await().until(() -> world.metrics.scrapeText().contains("graylane_requests_total{"));

        HttpResponse<String> r = world.admin("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(r.body()).contains("# TYPE graylane_requests_total counter",
                "# TYPE graylane_request_duration_seconds histogram",
                "graylane_config_version_info{origin=\"test.yaml\",version=\"version-1\"} 1");
    }

    @Test
    void reloadsAreCountedByResultAndTheVersionInfoFollowsTheServedConfig() {
        GatewayMetrics m = GatewayMetrics.withoutJvm();
        m.configServed(world.snapshot("[]", "first"));
        m.configServed(world.snapshot("[]", "second"));
        m.reload("applied");
        m.reload("applied");
        m.reload("rejected");

        String scrape = m.scrapeText();

        assertThat(value(scrape, "graylane_config_reloads_total", "result=\"applied\"")).isEqualTo(2);
        assertThat(value(scrape, "graylane_config_reloads_total", "result=\"rejected\"")).isEqualTo(1);
        assertThat(value(scrape, "graylane_config_reloads_total", "result=\"unchanged\"")).isZero();
        assertThat(scrape).contains("graylane_config_version_info{origin=\"test.yaml\",version=\"second\"} 1")
                .doesNotContain("version=\"first\"");
    }

    @Test
    void reloadsTheConfigSourceRefusedOrFoundUnchangedAreAddedAtEachScrape() {
        GatewayMetrics m = GatewayMetrics.withoutJvm();
        java.util.concurrent.atomic.AtomicReference<io.graylane.gateway.run.SourceReloads> source =
                new java.util.concurrent.atomic.AtomicReference<>(new io.graylane.gateway.run.SourceReloads(2, 5));
        m.configSource(source::get);
        m.reload("applied");

        assertThat(value(m.scrapeText(), "graylane_config_reloads_total", "result=\"rejected\"")).isEqualTo(2);
        assertThat(value(m.scrapeText(), "graylane_config_reloads_total", "result=\"unchanged\"")).isEqualTo(5);
        assertThat(value(m.scrapeText(), "graylane_config_reloads_total", "result=\"applied\"")).isEqualTo(1);

        source.set(new io.graylane.gateway.run.SourceReloads(3, 5));
        assertThat(value(m.scrapeText(), "graylane_config_reloads_total", "result=\"rejected\"")).isEqualTo(3);
    }

    @Test
    void buildingAChainRecordsEachMiddlewareLoadAndFailuresByTypeAndId() {
        String scrape = world.metrics.scrapeText();
        assertThat(value(scrape, "middleware_load_success_total", "id=\"m\",type=\"metrics\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "middleware_load_success_total", "id=\"safety\",type=\"recover\"")).isGreaterThanOrEqualTo(1);

        assertThatThrownBy(() -> world.gateway.updateEngine(world.snapshot(
                "[{id: m, type: metrics}, {id: bad, type: timeout, config: {duration: nonsense}}]", "bad").engine()));

        String after = world.metrics.scrapeText();
        assertThat(value(after, "middleware_load_failure_total", "id=\"bad\",type=\"timeout\"")).isEqualTo(1);
        assertThat(value(after, "middleware_load_duration_seconds_count", "id=\"bad\",type=\"timeout\"")).isEqualTo(1);
    }

    @Test
    void anUnreachableUpstreamIsCountedAsAConnectError() {
        double before = Math.max(0, value(world.metrics.scrapeText(), "graylane_upstream_errors_total",
                "kind=\"connect_error\""));

        assertThat(world.viaGateway("/dead/x").statusCode()).isEqualTo(502);

        await().untilAsserted(() -> assertThat(value(world.metrics.scrapeText(), "graylane_upstream_errors_total",
                "kind=\"connect_error\"")).isEqualTo(before + 1));
        assertThat(value(world.metrics.scrapeText(), "graylane_requests_total", "fallback=\"false\",lane=\"stable\","
                + "route=\"dead\",served_lane=\"stable\",service=\"dead\",status_class=\"5xx\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void consulWatchesReportConsecutiveErrorsAndStalenessPerService() {
        GatewayMetrics m = GatewayMetrics.withoutJvm();
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        WatchState failing = new WatchState("health:orders", true, 0, 10, 3, 2, now.minusSeconds(100),
                now.minusSeconds(42), "connection refused", false);
        m.consulWatches(() -> List.of(failing), Clock.fixed(now, ZoneOffset.UTC));

        String scrape = m.scrapeText();

        assertThat(value(scrape, "graylane_consul_watch_consecutive_errors", "service=\"orders\"")).isEqualTo(2);
        assertThat(value(scrape, "graylane_consul_watch_staleness_seconds", "service=\"orders\"")).isEqualTo(42);
    }

    @Test
    void jvmMetricsAreIncludedWhenAskedFor() {
        String scrape = GatewayMetrics.create().scrapeText();

        assertThat(scrape).contains("jvm_memory_used_bytes", "jvm_gc_collection_seconds", "jvm_threads_current",
                "jvm_classes_currently_loaded", "jvm_buffer_pool_used_bytes", "process_cpu_seconds_total");
        // Left out on purpose: it does JMX work after every young collection (see GatewayMetrics.registerJvm).
        assertThat(scrape).doesNotContain("jvm_memory_pool_allocated_bytes");
        assertThat(GatewayMetrics.withoutJvm().scrapeText()).doesNotContain("jvm_");
    }
}
