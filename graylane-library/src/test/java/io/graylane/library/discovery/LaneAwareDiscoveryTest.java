package io.graylane.library.discovery;

import io.graylane.consul.ConsulDiscovery;
import io.graylane.library.client.GraylaneHttpClient;
import io.graylane.library.client.okhttp.GraylaneInterceptor;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.library.testing.Backend;
import io.graylane.library.testing.Configs;
import io.graylane.library.testing.Consul;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@SuppressWarnings("try")
class LaneAwareDiscoveryTest {

    static final Duration PATIENCE = Duration.ofSeconds(15);
    static final String CONFIG = """
            lanes:
              stable: {selector: {version: v1}}
              canary: {selector: {version: v2}, fallback: stable}
              feature-x: {selector: {version: x}, strict: true}
            coloring: {defaultLane: stable}
            routes:
              - {service: orders}
            """;

    private final Consul consul = new Consul();
    private final ConsulDiscovery discovery = consul.discovery();
    private final Backend v1 = Backend.start("orders v1");
    private final Backend v2 = Backend.start("orders v2");
    private final LaneEngineSource engines = LaneEngineSource.of(Configs.yaml(CONFIG));
    private final ConsulInstances feed = ConsulInstances.follow(engines, discovery);
    private final InstanceChooser chooser = InstanceChooser.of(engines);
    private final HttpClient jdk = GraylaneHttpClient.wrap(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build(), engines);
    private final OkHttpClient ok = new OkHttpClient.Builder().addInterceptor(GraylaneInterceptor.create(engines)).build();

    @AfterEach
    void stop() {
        feed.close();
        discovery.close();
        consul.close();
        v1.close();
        v2.close();
        ok.dispatcher().executorService().shutdownNow();
        ok.connectionPool().evictAll();
    }

    private String jdk(String lane, String url) throws Exception {
        try (LaneScope ignored = lane == null ? null : LaneContext.attach(lane)) {
            return jdk.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private String ok(String lane, String url) throws IOException {
        try (LaneScope ignored = lane == null ? null : LaneContext.attach(lane);
             okhttp3.Response response = ok.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.body().string();
        }
    }

    private String servedBy(String lane) {
        try (LaneScope ignored = lane == null ? null : LaneContext.attach(lane)) {
            var decision = chooser.decide("orders");
            return decision.rejected() ? "rejected" : decision.instance().id();
        }
    }

    @Test
    void eachLaneReachesItsOwnVersionByServiceName() throws Exception {
        consul.register("orders", "orders-1", v1.port(), "v1", "passing");
        consul.register("orders", "orders-2", v2.port(), "v2", "passing");
        await().atMost(PATIENCE).until(() -> servedBy("canary").equals("orders-2"));

        assertThat(feed.services()).isEqualTo(Set.of("orders"));
        assertThat(jdk("canary", "http://orders/api?id=1")).startsWith("orders v2 lane=canary");
        assertThat(jdk("stable", "http://orders/api")).startsWith("orders v1 lane=stable");
        assertThat(jdk(null, "http://orders/api")).as("no lane: the default lane").isEqualTo("orders v1 lane=null baggage=null");
        assertThat(ok("canary", "http://orders/api")).startsWith("orders v2 lane=canary");
        assertThat(ok(null, "http://orders/api")).startsWith("orders v1 lane=null");
    }

    @Test
    void instancesComingAndGoingAreFollowed() throws Exception {
        consul.register("orders", "orders-1", v1.port(), "v1", "passing");
        await().atMost(PATIENCE).until(() -> servedBy("canary").equals("orders-1"));
        assertThat(jdk("canary", "http://orders/")).as("canary missing: fallback to stable").startsWith("orders v1 lane=canary");

        consul.register("orders", "orders-2", v2.port(), "v2", "passing");
        await().atMost(PATIENCE).until(() -> servedBy("canary").equals("orders-2"));
        assertThat(jdk("canary", "http://orders/")).startsWith("orders v2 lane=canary");
        assertThat(ok("canary", "http://orders/")).startsWith("orders v2 lane=canary");

        consul.deregister("orders-2");
        await().atMost(PATIENCE).until(() -> servedBy("canary").equals("orders-1"));
        assertThat(ok("canary", "http://orders/")).startsWith("orders v1 lane=canary");
    }

    @Test
    void anUnhealthyCanaryFallsBackToStable() throws Exception {
        consul.register("orders", "orders-1", v1.port(), "v1", "passing");
        consul.register("orders", "orders-2", v2.port(), "v2", "passing");
        await().atMost(PATIENCE).until(() -> servedBy("canary").equals("orders-2"));

        consul.setHealth("orders-2", "critical");
        await().atMost(PATIENCE).until(() -> servedBy("canary").equals("orders-1"));
        assertThat(jdk("canary", "http://orders/")).startsWith("orders v1 lane=canary");
        assertThat(ok("canary", "http://orders/")).startsWith("orders v1 lane=canary");
        assertThat(chooser.decide("orders", "canary").resolution().steps()).singleElement()
                .satisfies(step -> assertThat(step.reason().text()).isEqualTo("none healthy"));
    }

    @Test
    void aStrictLaneWithoutInstancesFailsWithAClearError() throws Exception {
        consul.register("orders", "orders-1", v1.port(), "v1", "passing");
        await().atMost(PATIENCE).until(() -> servedBy("stable").equals("orders-1"));

        String expected = "orders: lane 'feature-x' rejected: ";
        assertThatThrownBy(() -> jdk("feature-x", "http://orders/"))
                .isInstanceOf(LaneRoutingException.class)
                .hasMessageStartingWith(expected)
                .hasMessageContaining("feature-x");
        assertThatThrownBy(() -> ok("feature-x", "http://orders/"))
                .isInstanceOf(LaneRoutingException.class)
                .hasMessageStartingWith(expected);
        assertThat(jdk("stable", "http://orders/")).startsWith("orders v1");
    }

    @Test
    void aServiceWithNoInstancesAtAllFailsWithAClearError() {
        assertThatThrownBy(() -> jdk("canary", "http://orders/"))
                .isInstanceOf(LaneRoutingException.class)
                .hasMessage("orders: lane 'canary' rejected: no instances of service 'orders' are known");
    }

    @Test
    void realHostNamesAreLeftAlone() throws Exception {
        consul.register("orders", "orders-2", v2.port(), "v2", "passing");
        await().atMost(PATIENCE).until(() -> servedBy("canary").equals("orders-2"));

        assertThat(jdk("canary", v1.url("/"))).startsWith("orders v1 lane=canary");
        assertThat(ok("canary", v1.url("/"))).startsWith("orders v1 lane=canary");
        assertThat(chooser.resolve(URI.create("http://localhost:1/x"))).isEqualTo(URI.create("http://localhost:1/x"));
    }

    @Test
    void extraServicesAreWatchedAndResolvedToo() throws Exception {
        InstanceChooser withPayments = chooser.withServices(Set.of("payments"));
        try (ConsulInstances extra = ConsulInstances.follow(engines, discovery, Set.of("payments"))) {
            consul.register("payments", "payments-2", v2.port(), "v2", "passing");
            await().atMost(PATIENCE).until(() -> !withPayments.decide("payments", "canary").rejected());
            assertThat(extra.services()).contains("payments");
            assertThat(withPayments.resolve(URI.create("http://payments/pay?x=%20y#f"), "canary"))
                    .isEqualTo(URI.create("http://127.0.0.1:" + v2.port() + "/pay?x=%20y#f"));
        }
    }

    @Test
    void aFeedStartedFromTheConfigsConsulSectionFindsInstancesAndOnlyPassingKeepsWarningsOut() throws Exception {
        LaneEngineSource configured = LaneEngineSource.of(Configs.yaml(CONFIG + "discovery: {consul: {address: \"127.0.0.1:"
                + consul.sim().port() + "\", wait: 1s, onlyPassing: true}}\n"));
        consul.register("orders", "orders-1", v1.port(), "v1", "passing");
        consul.register("orders", "orders-2", v2.port(), "v2", "warning");
        try (ConsulInstances started = ConsulInstances.start(configured, Set.of())) {
            InstanceChooser own = InstanceChooser.of(configured);
            await().atMost(PATIENCE).until(() -> !own.decide("orders", "stable").rejected());
            assertThat(own.decide("orders", "canary").instance().id()).as("a warning canary is not passing").isEqualTo("orders-1");
            consul.setHealth("orders-2", "passing");
            await().atMost(PATIENCE).until(() -> own.decide("orders", "canary").instance().id().equals("orders-2"));
            assertThat(started.services()).containsExactly("orders");
        }
    }

    @Test
    void startingAFeedWithoutAConsulSectionSaysWhatIsMissing() {
        assertThatThrownBy(() -> ConsulInstances.start(engines, Set.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("discovery.consul: missing (expected: ");
    }
}
