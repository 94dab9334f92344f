package io.graylane.spring.boot.autoconfigure;

import io.graylane.library.client.LanePropagator;
import io.graylane.library.client.okhttp.GraylaneInterceptor;
import io.graylane.library.context.GraylaneLane;
import io.graylane.library.context.LaneContext;
import io.graylane.library.context.LaneScope;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.library.servlet.GraylaneFilter;
import io.graylane.spring.task.LaneTaskDecorator;
import io.graylane.spring.web.client.GraylaneClientHttpRequestInterceptor;
import io.graylane.spring.web.reactive.GraylaneExchangeFilterFunction;
import jakarta.servlet.DispatcherType;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditions and switches of the starter, in application contexts without a server. */
@SuppressWarnings("try") // a lane scope is opened for its effect on the thread, not read
class GraylaneAutoConfigurationTest {

    static final AutoConfigurations GRAYLANE = AutoConfigurations.of(GraylaneAutoConfiguration.class,
            GraylaneServletAutoConfiguration.class, GraylanePropagationAutoConfiguration.class,
            GraylaneClientAutoConfiguration.class, GraylaneLoadBalancerAutoConfiguration.class);

    static final AutoConfigurations SPRING = AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
            RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class, WebClientAutoConfiguration.class);

    static final String CONFIG = "graylane.config=classpath:graylane-test.yaml";

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(GRAYLANE).withConfiguration(SPRING);

    private final ApplicationContextRunner plain = new ApplicationContextRunner()
            .withConfiguration(GRAYLANE).withConfiguration(SPRING);

    @Test
    void withoutAConfigurationTheStarterStaysOutOfTheWay() {
        web.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(LaneEngineSource.class);
            assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
            assertThat(context).doesNotHaveBean(LaneTaskDecorator.class);
            assertThat(context).doesNotHaveBean(GraylaneClientHttpRequestInterceptor.class);
            assertThat(context).doesNotHaveBean(LoadBalancerClientSpecification.class);
        });
    }

    @Test
    void withAConfigurationEveryIntegrationIsRegistered() {
        web.withPropertyValues(CONFIG).run(context -> {
            assertThat(context).hasSingleBean(LaneEngineSource.class);
            assertThat(context.getBean(LaneEngineSource.class).config().lane("feature-x")).isNotNull();
            FilterRegistrationBean<?> registration = context.getBean(GraylaneServletAutoConfiguration.REGISTRATION_NAME,
                    FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(GraylaneFilter.class);
            assertThat(registration.getUrlPatterns()).containsExactly("/*");
            assertThat(registration.determineDispatcherTypes())
                    .isEqualTo(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
            assertThat(registration.getOrder()).isEqualTo(Integer.MIN_VALUE + 10);
            assertThat(context).hasSingleBean(LaneTaskDecorator.class);
            assertThat(context).hasSingleBean(RestClientCustomizer.class);
            assertThat(context).hasSingleBean(RestTemplateCustomizer.class);
            assertThat(context).hasSingleBean(WebClientCustomizer.class);
            assertThat(context).hasSingleBean(GraylaneInterceptor.class);
            assertThat(context).hasSingleBean(LoadBalancerClientSpecification.class);
            assertThat(context.getBean(LanePropagator.class).chooser()).isNotNull();
        });
    }

    @Test
    void filterOrderAndUrlPatternsComeFromTheProperties() {
        web.withPropertyValues(CONFIG, "graylane.filter.order=42", "graylane.filter.url-patterns=/api/*,/web/*")
                .run(context -> {
                    FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
                    assertThat(registration.getOrder()).isEqualTo(42);
                    assertThat(registration.getUrlPatterns()).containsExactly("/api/*", "/web/*");
                });
    }

    @ParameterizedTest(name = "{0}=false removes {1}")
    @CsvSource({
            "graylane.enabled, io.graylane.library.engine.LaneEngineSource",
            "graylane.filter.enabled, org.springframework.boot.web.servlet.FilterRegistrationBean",
            "graylane.propagation.enabled, org.springframework.core.task.TaskDecorator",
            "graylane.client.rest-client.enabled, org.springframework.boot.restclient.RestClientCustomizer",
            "graylane.client.rest-template.enabled, org.springframework.boot.restclient.RestTemplateCustomizer",
            "graylane.client.web-client.enabled, org.springframework.boot.webclient.WebClientCustomizer",
            "graylane.client.okhttp.enabled, io.graylane.library.client.okhttp.GraylaneInterceptor",
            "graylane.loadbalancer.enabled, org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification",
    })
    void eachSwitchTurnsItsIntegrationOffAndLeavesTheOthers(String property, Class<?> removed) {
        web.withPropertyValues(CONFIG, property + "=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(removed);
            if (!property.equals("graylane.enabled")) {
                assertThat(context).hasSingleBean(LaneEngineSource.class);
                List<Class<?>> others = new ArrayList<>(List.of(FilterRegistrationBean.class, TaskDecorator.class,
                        RestClientCustomizer.class, RestTemplateCustomizer.class, WebClientCustomizer.class,
                        GraylaneInterceptor.class, LoadBalancerClientSpecification.class));
                others.remove(removed);
                others.forEach(type -> assertThat(context).as(type.getSimpleName()).hasSingleBean(type));
            } else {
                for (Class<?> type : List.of(FilterRegistrationBean.class, TaskDecorator.class, LanePropagator.class,
                        LoadBalancerClientSpecification.class)) {
                    assertThat(context).doesNotHaveBean(type);
                }
            }
        });
    }

    @ParameterizedTest(name = "without {0} there is no {1}")
    @CsvSource({
            "jakarta.servlet.Filter, org.springframework.boot.web.servlet.FilterRegistrationBean",
            "org.springframework.boot.restclient.RestClientCustomizer, org.springframework.boot.restclient.RestClientCustomizer",
            "org.springframework.web.reactive.function.client.WebClient, org.springframework.boot.webclient.WebClientCustomizer",
            "okhttp3.OkHttpClient, io.graylane.library.client.okhttp.GraylaneInterceptor",
            "org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification, org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification",
    })
    void eachIntegrationNeedsOnlyItsOwnLibrary(String hidden, String absent) throws ClassNotFoundException {
        // The test sees every class; the context's conditions see the filtered class loader.
        Class<?> absentType = Class.forName(absent);
        web.withClassLoader(new FilteredClassLoader(hidden)).withPropertyValues(CONFIG).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeanNamesForType(absentType)).isEmpty();
            assertThat(context).hasSingleBean(LaneEngineSource.class);
            assertThat(context).hasSingleBean(LaneTaskDecorator.class);
        });
    }

    @Test
    void aNonWebApplicationGetsNoFilterButEverythingElse() {
        plain.withPropertyValues(CONFIG).run(context -> {
            assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
            assertThat(context).hasSingleBean(LaneTaskDecorator.class);
            assertThat(context).hasSingleBean(RestClientCustomizer.class);
        });
    }

    @Test
    void springBootsClientBuildersCarryTheLane() {
        plain.withPropertyValues(CONFIG).run(context -> {
            List<ClientHttpRequestInterceptor> restClient = new ArrayList<>();
            context.getBean(RestClient.Builder.class).requestInterceptors(restClient::addAll);
            assertThat(restClient).hasAtLeastOneElementOfType(GraylaneClientHttpRequestInterceptor.class);

            assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors())
                    .hasAtLeastOneElementOfType(GraylaneClientHttpRequestInterceptor.class);

            List<ExchangeFilterFunction> webClient = new ArrayList<>();
            context.getBean(WebClient.Builder.class).filters(webClient::addAll);
            assertThat(webClient).hasAtLeastOneElementOfType(GraylaneExchangeFilterFunction.class);
        });
    }

    @Test
    void theApplicationTaskExecutorRunsTasksInTheSubmittersLaneAndLeaksNone() {
        plain.withPropertyValues(CONFIG, "spring.task.execution.pool.max-size=1", "spring.task.execution.pool.core-size=1")
                .run(context -> {
                    ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
                    String inLane;
                    try (LaneScope ignored = LaneContext.attach("canary")) {
                        inLane = executor.submit(() -> GraylaneLane.current().orElse("-")).get(10, TimeUnit.SECONDS);
                    }
                    String after = executor.submit(() -> GraylaneLane.current().orElse("-")).get(10, TimeUnit.SECONDS);
                    assertThat(inLane).isEqualTo("canary");
                    assertThat(after).as("the pooled thread kept no lane").isEqualTo("-");
                });
    }

    @Test
    void okHttpClientBeansGetTheInterceptor() {
        plain.withPropertyValues(CONFIG).withUserConfiguration(OkHttpApp.class).run(context ->
                assertThat(context.getBean(OkHttpClient.class).interceptors())
                        .containsExactly(context.getBean(GraylaneInterceptor.class)));
    }

    @Test
    void chooseInstancesCanBeSwitchedOffForLoadBalancedClients() {
        plain.withPropertyValues(CONFIG, "graylane.client.choose-instances=false").run(context ->
                assertThat(context.getBean(LanePropagator.class).chooser()).isNull());
    }

    @Test
    void anApplicationsOwnEngineSourceIsUsed() {
        plain.withUserConfiguration(OwnEngine.class).run(context -> {
            assertThat(context).hasSingleBean(LaneEngineSource.class);
            assertThat(context.getBean(LaneEngineSource.class)).isSameAs(context.getBean(OwnEngine.class).engines);
            assertThat(context).hasSingleBean(LaneTaskDecorator.class);
        });
    }

    @Test
    void aMissingConfigFileFailsStartUpNamingTheProperty() {
        plain.withPropertyValues("graylane.config=classpath:nope.yaml").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("graylane.config: classpath:nope.yaml (expected: an existing YAML or JSON file");
        });
    }

    @Test
    void anInvalidConfigFailsStartUpNamingTheFileAndThePath() {
        plain.withPropertyValues("graylane.config=classpath:graylane-invalid.yaml").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("classpath:graylane-invalid.yaml")
                    .hasMessageContaining("coloring.defaultLane");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OkHttpApp {
        @Bean
        OkHttpClient okHttpClient() {
            return new OkHttpClient();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEngine {
        final LaneEngineSource engines = LaneEngineSource.of(new io.graylane.config.ConfigLoader(Map.<String, String>of()::get)
                .parse("lanes: {stable: {}}\ncoloring: {defaultLane: stable}\n", io.graylane.config.Format.YAML, "own.yaml"));

        @Bean
        LaneEngineSource laneEngineSource() {
            return engines;
        }
    }
}
