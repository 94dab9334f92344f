package io.graylane.spring.boot.app;

import io.graylane.library.context.GraylaneLane;
import io.graylane.spring.cloud.loadbalancer.GraylaneServiceInstanceListSupplier;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.cloud.loadbalancer.core.CachingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole Spring Boot application with the starter, on Tomcat at a random loopback port: Graylane's
 * config trusts lanes from 127.0.0.1 only and colors {@code X-User-Group: beta} as canary. Requests are
 * sent from 127.0.0.1 (trusted) and 127.0.0.2 (untrusted). The app calls an echo server with Boot's
 * RestClient and WebClient, and the service {@code orders} (a v1 and a v2 server from Spring Cloud's
 * simple discovery) through a {@code @LoadBalanced} RestClient.
 */
@SpringBootTest(classes = GraylaneSpringBootAppTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"graylane.config=classpath:graylane-test.yaml", "server.address=0.0.0.0",
                "spring.cloud.consul.enabled=false"})
class GraylaneSpringBootAppTest {

    static final Backend ECHO = new Backend("echo");
    static final Backend ORDERS_V1 = new Backend("orders-v1");
    static final Backend ORDERS_V2 = new Backend("orders-v2");

    static final String TRUSTED = "127.0.0.1";
    static final String UNTRUSTED = "127.0.0.2";

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("echo.url", ECHO::url);
        registry.add("spring.cloud.discovery.client.simple.instances.orders[0].uri", ORDERS_V1::url);
        registry.add("spring.cloud.discovery.client.simple.instances.orders[0].metadata.version", () -> "v1");
        registry.add("spring.cloud.discovery.client.simple.instances.orders[1].uri", ORDERS_V2::url);
        registry.add("spring.cloud.discovery.client.simple.instances.orders[1].metadata.version", () -> "v2");
    }

    @AfterAll
    static void stopBackends() {
        ECHO.close();
        ORDERS_V1.close();
        ORDERS_V2.close();
    }

    @LocalServerPort
    int port;

    private String get(String from, String path, Map<String, String> headers) throws IOException {
        return RawHttp.get(from, port, path, headers);
    }

    @Test
    void aTrustedLaneReachesTheControllerAndSurvivesAnAsyncHop() throws IOException {
        assertThat(get(TRUSTED, "/lane", Map.of("X-Graylane-Lane", "canary"))).isEqualTo("lane=canary header=canary");
        assertThat(get(TRUSTED, "/async", Map.of("X-Graylane-Lane", "canary"))).isEqualTo("async lane=canary");
        assertThat(get(TRUSTED, "/async", Map.of())).as("no lane leaks from the pooled thread").isEqualTo("async lane=stable");
    }

    @Test
    void anUntrustedLaneIsStrippedAndTheRequestIsColoredByTheRules() throws IOException {
        assertThat(get(UNTRUSTED, "/lane", Map.of("X-Graylane-Lane", "feature-x"))).isEqualTo("lane=stable header=null");
        assertThat(get(UNTRUSTED, "/lane", Map.of("X-Graylane-Lane", "feature-x", "X-User-Group", "beta")))
                .isEqualTo("lane=canary header=null");
        assertThat(get(UNTRUSTED, "/call", Map.of("X-Graylane-Lane", "feature-x", "baggage", "graylane.lane=feature-x,k=v")))
                .isEqualTo("echo lane=stable baggage=k=v,graylane.lane=stable");
    }

    @Test
    void outboundRestClientAndWebClientCallsCarryTheLaneHeaderAndBaggage() throws IOException {
        assertThat(get(TRUSTED, "/call", Map.of("X-Graylane-Lane", "canary", "baggage", "tenant=acme")))
                .isEqualTo("echo lane=canary baggage=tenant=acme,graylane.lane=canary");
        assertThat(get(TRUSTED, "/webclient", Map.of("X-Graylane-Lane", "canary")))
                .isEqualTo("echo lane=canary baggage=graylane.lane=canary");
    }

    @Test
    void theLoadBalancerPicksTheLanesInstancesWithFallback() throws IOException {
        for (int i = 0; i < 6; i++) {
            assertThat(get(TRUSTED, "/orders", Map.of("X-Graylane-Lane", "canary"))).startsWith("orders-v2 lane=canary");
            assertThat(get(TRUSTED, "/orders", Map.of())).startsWith("orders-v1 lane=stable");
            assertThat(get(TRUSTED, "/orders", Map.of("X-Graylane-Lane", "beta")))
                    .as("beta has no v3 instance and falls back to canary, keeping its lane")
                    .startsWith("orders-v2 lane=beta");
        }
        assertThat(get(TRUSTED, "/orders", Map.of("X-Graylane-Lane", "feature-x")))
                .as("a strict lane with no instance gets none").startsWith("no instance:");
    }

    @Test
    void theLaneFilterIsTheOutermostSupplierAboveTheLoadBalancersCache(
            @org.springframework.beans.factory.annotation.Autowired LoadBalancerClientFactory factory) {
        ServiceInstanceListSupplier supplier = factory.getInstance("orders", ServiceInstanceListSupplier.class);
        assertThat(supplier).isInstanceOf(GraylaneServiceInstanceListSupplier.class);
        assertThat(((GraylaneServiceInstanceListSupplier) supplier).getDelegate())
                .isInstanceOf(CachingServiceInstanceListSupplier.class);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableAsync
    @Import({LaneController.class, AsyncLane.class})
    static class App {

        @Bean
        @Primary
        RestClient.Builder restClientBuilder(RestClientBuilderConfigurer configurer) {
            return configurer.configure(RestClient.builder());
        }

        @Bean
        @LoadBalanced
        RestClient.Builder loadBalancedRestClientBuilder(RestClientBuilderConfigurer configurer) {
            return configurer.configure(RestClient.builder());
        }
    }

    @Service
    static class AsyncLane {
        @Async
        CompletableFuture<String> lane() {
            return CompletableFuture.completedFuture("async lane=" + GraylaneLane.current().orElse("-"));
        }
    }

    @RestController
    static class LaneController {
        private final AsyncLane async;
        private final RestClient rest;
        private final RestClient loadBalanced;
        private final WebClient web;
        private final String echo;

        LaneController(AsyncLane async, RestClient.Builder rest, @LoadBalanced RestClient.Builder loadBalanced,
                       WebClient.Builder web, @Value("${echo.url}") String echo) {
            this.async = async;
            this.rest = rest.build();
            this.loadBalanced = loadBalanced.build();
            this.web = web.build();
            this.echo = echo;
        }

        @GetMapping("/lane")
        String lane(HttpServletRequest request) {
            return "lane=" + GraylaneLane.current().orElse("-") + " header=" + request.getHeader("X-Graylane-Lane");
        }

        @GetMapping("/async")
        String async() throws Exception {
            return async.lane().get(10, TimeUnit.SECONDS);
        }

        @GetMapping("/call")
        String call() {
            return rest.get().uri(echo + "/").retrieve().body(String.class);
        }

        @GetMapping("/webclient")
        String webclient() {
            return web.get().uri(echo + "/").retrieve().bodyToMono(String.class).block();
        }

        @GetMapping("/orders")
        String orders() {
            try {
                return loadBalanced.get().uri("http://orders/version").retrieve().body(String.class);
            } catch (RuntimeException e) {
                return "no instance: " + e.getMessage();
            }
        }
    }
}
