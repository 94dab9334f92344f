package io.graylane.spring.boot.app;

import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.testkit.consul.ConsulSimulator;
import io.graylane.testkit.consul.ServiceRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud Consul discovery (the real client) against the Consul simulator over HTTP, feeding a
 * {@code @LoadBalanced} RestClient in a non-web Boot application: Consul tags and Meta become lane
 * labels, and a canary that goes critical falls back to stable.
 */
@SuppressWarnings("try") // a lane scope is opened for its effect on the thread, not read
class SpringCloudConsulLaneTest {

    private final ConsulSimulator sim = ConsulSimulator.start();
    private final Backend v1 = new Backend("orders-v1");
    private final Backend v2 = new Backend("orders-v2");

    @AfterEach
    void stop() {
        sim.close();
        v1.close();
        v2.close();
    }

    private static int port(Backend backend) {
        return Integer.parseInt(backend.url().substring(backend.url().lastIndexOf(':') + 1));
    }

    private static String call(RestClient client, String lane) {
        if (lane == null) {
            return client.get().uri("http://orders/api").retrieve().body(String.class);
        }
        try (LaneScope ignored = LaneContext.attach(lane)) {
            return client.get().uri("http://orders/api").retrieve().body(String.class);
        }
    }

    @Test
    void consulTagsAndMetaSelectTheLanesInstancesAndACriticalCanaryFallsBack() {
        sim.nodes().add("local", "127.0.0.1");
        sim.services().register(ServiceRegistration.builder("orders").id("orders-1").node("local").address("127.0.0.1")
                .port(port(v1)).tags("version=v1").health("passing").build());
        sim.services().register(ServiceRegistration.builder("orders").id("orders-2").node("local").address("127.0.0.1")
                .port(port(v2)).meta("version", "v2").health("passing").build());
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ConsulApp.class)
                .web(WebApplicationType.NONE)
                .properties("graylane.config=classpath:graylane-test.yaml", "spring.application.name=caller",
                        "spring.cloud.service-registry.auto-registration.enabled=false",
                        "spring.cloud.consul.host=127.0.0.1",
                        "spring.cloud.consul.port=" + sim.port(),
                        "spring.cloud.consul.discovery.register=false",
                        "spring.cloud.consul.discovery.query-passing=true",
                        "spring.cloud.consul.discovery.catalog-services-watch.enabled=false",
                        "spring.cloud.loadbalancer.cache.ttl=50ms")
                .run()) {
            RestClient orders = context.getBean(ConsulApp.class).loadBalanced.build();
            for (int i = 0; i < 4; i++) {
                assertThat(call(orders, "canary")).isEqualTo("orders-v2 lane=canary baggage=graylane.lane=canary");
                assertThat(call(orders, "stable")).isEqualTo("orders-v1 lane=stable baggage=graylane.lane=stable");
                assertThat(call(orders, null)).as("no lane: the default lane's instances, no header sent")
                        .isEqualTo("orders-v1 lane=null baggage=null");
            }
            sim.services().setHealth("local", "orders-2", "critical");
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> call(orders, "canary").equals("orders-v1 lane=canary baggage=graylane.lane=canary"));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ConsulApp {
        RestClient.Builder loadBalanced;

        @Bean
        @LoadBalanced
        RestClient.Builder loadBalancedRestClientBuilder(RestClientBuilderConfigurer configurer) {
            loadBalanced = configurer.configure(RestClient.builder());
            return loadBalanced;
        }
    }
}
