package io.graylane.spring.boot.minimal;

import io.graylane.library.context.GraylaneLane;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.spring.task.LaneTaskDecorator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in an application that has none of the optional libraries. The build runs this class a
 * second time (surefire execution {@code minimal-classpath}) with Spring Web, WebFlux, Reactor, the
 * servlet API, OkHttp and Spring Cloud removed from the class path; in the default run every library
 * is present. Either way each integration's beans exist exactly when its library does.
 */
@SuppressWarnings("try") // a lane scope is opened for its effect on the thread, not read
class MinimalClasspathTest {

    static final Map<String, String> INTEGRATIONS = Map.of(
            "org.springframework.boot.restclient.RestClientCustomizer", "graylaneRestClientCustomizer",
            "org.springframework.boot.webclient.WebClientCustomizer", "graylaneWebClientCustomizer",
            "okhttp3.OkHttpClient", "graylaneOkHttpInterceptor",
            "org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification",
            "graylaneLoadBalancerClientSpecification");

    static boolean present(String className) {
        try {
            Class.forName(className, false, MinimalClasspathTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Test
    void theStarterStartsWithWhateverSubsetOfLibrariesTheApplicationHas() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .properties("graylane.config=classpath:graylane-test.yaml", "spring.cloud.consul.enabled=false",
                        "spring.cloud.discovery.enabled=false")
                .run()) {
            assertThat(context.getBean(LaneEngineSource.class).config().lane("canary")).isNotNull();
            assertThat(context.getBean(LaneTaskDecorator.class)).isNotNull();
            INTEGRATIONS.forEach((library, bean) ->
                    assertThat(context.containsBean(bean)).as(bean + " (" + library + " present: " + present(library) + ")")
                            .isEqualTo(present(library)));
            AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
            try (LaneScope ignored = LaneContext.attach("canary")) {
                assertThat(executor.submit(() -> GraylaneLane.current().orElse("-")).get(10, TimeUnit.SECONDS))
                        .isEqualTo("canary");
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
