package io.graylane.library.servlet;

import io.graylane.config.ConfigLoader;
import io.graylane.consul.ConsulConfigSource;
import io.graylane.consul.Subscription;
import io.graylane.library.context.GraylaneLane;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.library.testing.Configs;
import io.graylane.library.testing.Consul;
import io.graylane.library.testing.EmbeddedTomcat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SuppressWarnings("try")
class ConsulConfiguredFilterTest {

    static final String LANES = """
            lanes:
              stable: {selector: {version: v1}}
              canary: {selector: {version: v2}, fallback: stable}
            """;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static final class LaneServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write(GraylaneLane.current().orElse("-"));
        }
    }

    private String lane(EmbeddedTomcat tomcat) throws Exception {
        return http.send(HttpRequest.newBuilder(tomcat.uri("/")).header("X-User-Group", "beta").build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theFilterFollowsTheConfigurationInAConsulKvKeyAndKeepsTheLastGoodOneOnABadEdit() throws Exception {
        try (Consul consul = new Consul()) {
            consul.sim().kv().put("graylane/config", LANES + "coloring: {defaultLane: stable}\n");
            LaneEngineSource engines = LaneEngineSource.of(Configs.yaml(LANES + "coloring: {defaultLane: stable}\n"));
            try (ConsulConfigSource source = ConsulConfigSource.builder(consul.client(), "graylane/config")
                    .loader(new ConfigLoader(Map.<String, String>of()::get)).settings(Consul.FAST).build().start();
                 Subscription ignored = engines.follow(source);
                 EmbeddedTomcat tomcat = EmbeddedTomcat.start(GraylaneFilter.builder().engines(engines).build(),
                         new LaneServlet(), 4)) {
                assertThat(lane(tomcat)).isEqualTo("stable");

                consul.sim().kv().put("graylane/config", LANES + """
                        coloring:
                          defaultLane: stable
                          rules:
                            - {name: beta, lane: canary, when: {header: {name: X-User-Group, equals: beta}}}
                        """);
                await().atMost(Duration.ofSeconds(15)).until(() -> lane(tomcat).equals("canary"));

                consul.sim().kv().put("graylane/config", LANES + "coloring: {defaultLane: nowhere}\n");
                await().atMost(Duration.ofSeconds(15)).until(() -> source.lastRejection().isPresent());
                assertThat(source.lastRejection().get().toString()).contains("nowhere");
                assertThat(lane(tomcat)).as("an invalid edit never goes live").isEqualTo("canary");
            }
        }
    }
}
