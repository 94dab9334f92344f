package io.graylane.spring.web.reactive;

import com.sun.net.httpserver.HttpServer;
import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.library.client.LanePropagator;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.discovery.LaneRoutingException;
import io.graylane.library.engine.LaneEngineSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WebClient over real HTTP on loopback: which lane an exchange carries, and where it is sent. */
@SuppressWarnings("try") // a lane scope is opened for its effect on the thread, not read
class GraylaneExchangeFilterFunctionTest {

    private final HttpServer v1 = server("v1");
    private final HttpServer v2 = server("v2");
    private final LaneEngineSource engines = LaneEngineSource.of(new ConfigLoader(Map.<String, String>of()::get).parse("""
            lanes:
              stable: {selector: {version: v1}}
              canary: {selector: {version: v2}, fallback: stable}
              feature-x: {selector: {feature: x}, strict: true}
            coloring: {defaultLane: stable}
            discovery:
              static:
                orders:
                  - {id: o-1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                  - {id: o-2, address: 127.0.0.1, port: %d, tags: [version=v2]}
            """.formatted(v1.getAddress().getPort(), v2.getAddress().getPort()), Format.YAML, "test.yaml"));
    private final WebClient web = WebClient.builder()
            .filter(new GraylaneExchangeFilterFunction(LanePropagator.of(engines))).build();

    private static HttpServer server(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/", exchange -> {
                byte[] body = (name + " lane=" + exchange.getRequestHeaders().getFirst("X-Graylane-Lane")
                        + " baggage=" + exchange.getRequestHeaders().getFirst("baggage")).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        v1.stop(0);
        v2.stop(0);
    }

    private Mono<String> orders() {
        return web.get().uri("http://orders/api").retrieve().bodyToMono(String.class);
    }

    @Test
    void blockingOnTheRequestThreadUsesItsLane() {
        try (LaneScope ignored = LaneContext.attach("canary")) {
            assertThat(orders().block(Duration.ofSeconds(10))).isEqualTo("v2 lane=canary baggage=graylane.lane=canary");
        }
    }

    @Test
    void aPipelineSubscribedOnAnotherThreadUsesTheLaneInItsReactorContext() {
        String reply;
        try (LaneScope ignored = LaneContext.attach("canary")) {
            reply = orders().subscribeOn(Schedulers.boundedElastic()).contextWrite(GraylaneReactor.currentLane())
                    .block(Duration.ofSeconds(10));
        }
        assertThat(reply).isEqualTo("v2 lane=canary baggage=graylane.lane=canary");
    }

    @Test
    void withoutTheContextAnotherThreadHasNoLaneAndTheDefaultLanesInstanceIsChosen() {
        String reply;
        try (LaneScope ignored = LaneContext.attach("canary")) {
            reply = orders().subscribeOn(Schedulers.boundedElastic()).block(Duration.ofSeconds(10));
        }
        assertThat(reply).isEqualTo("v1 lane=null baggage=null");
    }

    @Test
    void aStrictLaneThatCannotBeServedFailsTheExchangeNamingTheService() {
        assertThatThrownBy(() -> orders().contextWrite(GraylaneReactor.lane("feature-x")).block(Duration.ofSeconds(10)))
                .hasCauseInstanceOf(LaneRoutingException.class)
                .cause().hasMessageContaining("orders").hasMessageContaining("feature-x");
    }
}
