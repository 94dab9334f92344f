package io.graylane.spring.boot.autoconfigure;

import io.graylane.consul.ConsulConfigSource;
import io.graylane.library.client.LanePropagator;
import io.graylane.library.client.OutboundCall;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.discovery.LaneRoutingException;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.testkit.consul.ConsulSimulator;
import io.graylane.testkit.consul.ServiceRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The starter with its configuration in Consul KV and instances from Consul, against the Consul simulator over HTTP. */
@SuppressWarnings("try") // a lane scope is opened for its effect on the thread, not read
class GraylaneConsulAutoConfigurationTest {

    static final String LANES = """
            lanes:
              stable: {selector: {version: v1}}
              canary: {selector: {version: v2}, fallback: stable}
            coloring: {defaultLane: stable}
            """;

    private final ConsulSimulator sim = ConsulSimulator.start();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(GraylaneAutoConfigurationTest.GRAYLANE)
            .withPropertyValues("graylane.consul.address=" + sim.address(), "graylane.consul.key=apps/orders/graylane");

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theConfigurationInAConsulKeyIsFollowedAndABadEditNeverGoesLive() {
        sim.kv().put("apps/orders/graylane", LANES);
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            LaneEngineSource engines = context.getBean(LaneEngineSource.class);
            assertThat(engines.config().lane("canary")).isNotNull();

            sim.kv().put("apps/orders/graylane", LANES.replace("coloring:", "  beta: {selector: {version: v3}, fallback: canary}\ncoloring:"));
            await().atMost(Duration.ofSeconds(15)).until(() -> engines.config().lane("beta") != null);

            sim.kv().put("apps/orders/graylane", LANES.replace("defaultLane: stable", "defaultLane: nowhere"));
            ConsulConfigSource source = context.getBean(ConsulConfigSource.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> source.lastRejection().isPresent());
            assertThat(source.lastRejection().get().toString()).contains("nowhere");
            assertThat(engines.config().coloring().defaultLane()).isEqualTo("stable");
            assertThat(engines.config().lane("beta")).as("the last good configuration keeps serving").isNotNull();
        });
    }

    @Test
    void withoutAConfigurationInConsulStartUpFailsNamingTheKey() {
        runner.withPropertyValues("graylane.consul.startup-timeout=300ms").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("graylane.consul.key: apps/orders/graylane (expected: a valid Graylane configuration");
        });
    }

    @Test
    void aConfigFileServesUntilConsulDeliversTheFirstConfiguration() {
        runner.withPropertyValues("graylane.consul.startup-timeout=300ms", "graylane.config=classpath:graylane-test.yaml")
                .run(context -> {
                    LaneEngineSource engines = context.getBean(LaneEngineSource.class);
                    assertThat(engines.config().lane("feature-x")).as("from the file").isNotNull();
                    sim.kv().put("apps/orders/graylane", LANES);
                    await().atMost(Duration.ofSeconds(15)).until(() -> engines.config().lane("feature-x") == null);
                });
    }

    @Test
    void instancesComeFromConsulWhenTheConfigurationHasADiscoverySection() {
        sim.nodes().add("local", "127.0.0.1");
        sim.services().register(ServiceRegistration.builder("orders").id("o-1").node("local").address("127.0.0.1")
                .port(8001).tags("version=v1").health("passing").build());
        sim.services().register(ServiceRegistration.builder("orders").id("o-2").node("local").address("127.0.0.1")
                .port(8002).tags("version=v2").health("passing").build());
        sim.kv().put("apps/orders/graylane", LANES + """
                routes: [{service: orders}]
                discovery: {consul: {address: "%s"}}
                """.formatted(sim.address()));
        runner.withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
                GraylaneClientAutoConfiguration.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(GraylaneAutoConfiguration.ConsulInstancesHolder.class).feed()).isNotNull();
            LanePropagator propagator = context.getBean(LanePropagator.class);
            // Until the instance watch's first answer arrives, no instance of orders is known (an exception).
            await().atMost(Duration.ofSeconds(15)).ignoreException(LaneRoutingException.class).untilAsserted(() -> {
                try (LaneScope ignored = LaneContext.attach("canary")) {
                    OutboundCall call = propagator.prepare(URI.create("http://orders/api"), name -> null);
                    assertThat(call.uri()).isEqualTo(URI.create("http://127.0.0.1:8002/api"));
                }
            });
            assertThat(sim.requestCount("/v1/health/service/")).isPositive();
        });
    }

    @Test
    void consulDiscoveryCanBeSwitchedOff() {
        sim.kv().put("apps/orders/graylane", LANES + """
                routes: [{service: orders}]
                discovery: {consul: {address: "%s"}}
                """.formatted(sim.address()));
        runner.withPropertyValues("graylane.discovery.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(LaneEngineSource.class);
            assertThat(context).doesNotHaveBean(GraylaneAutoConfiguration.ConsulInstancesHolder.class);
            assertThat(sim.requestCount("/v1/health/service/")).as("no instance watch").isZero();
        });
    }
}
