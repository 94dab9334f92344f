package io.graylane.spring.boot.autoconfigure;

import io.graylane.library.client.LanePropagator;
import io.graylane.library.client.okhttp.GraylaneInterceptor;
import io.graylane.library.discovery.InstanceChooser;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.spring.web.client.GraylaneClientHttpRequestInterceptor;
import io.graylane.spring.web.reactive.GraylaneExchangeFilterFunction;
import okhttp3.OkHttpClient;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Outbound propagation for the HTTP clients an application has: {@code RestClient} and
 * {@code RestTemplate} (an interceptor added by Boot's customizers to every builder Boot makes),
 * {@code WebClient} (an exchange filter added to every {@code WebClient.Builder} Boot makes) and OkHttp
 * (the interceptor added to every {@code OkHttpClient} bean). Each is switched off with
 * {@code graylane.client.<client>.enabled=false}; {@code graylane.client.choose-instances=false} keeps
 * the lane headers but never rewrites a logical service's host (for Spring Cloud LoadBalancer users).
 */
@AutoConfiguration(after = GraylaneAutoConfiguration.class, afterName = {
        "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
        "org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration",
        "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "graylane.enabled", matchIfMissing = true)
@ConditionalOnBean(LaneEngineSource.class)
public class GraylaneClientAutoConfiguration {

    /** The propagator every client integration uses. */
    @Bean
    @ConditionalOnMissingBean
    LanePropagator graylaneLanePropagator(LaneEngineSource engines, GraylaneProperties properties) {
        LanePropagator propagator = LanePropagator.of(engines);
        if (!properties.getClient().isChooseInstances()) {
            return propagator.withChooser(null);
        }
        if (!properties.getDiscovery().getServices().isEmpty()) {
            return propagator.withChooser(InstanceChooser.of(engines).withServices(properties.getDiscovery().getServices()));
        }
        return propagator;
    }

    /** The interceptor RestClient and RestTemplate share (Spring Web). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.http.client.ClientHttpRequestInterceptor")
    static class Blocking {

        @Bean
        @ConditionalOnMissingBean
        GraylaneClientHttpRequestInterceptor graylaneClientHttpRequestInterceptor(LanePropagator propagator) {
            return new GraylaneClientHttpRequestInterceptor(propagator);
        }

        /** First, so that later interceptors (Spring Cloud's load balancer) see the lane header. */
        static <T> void addFirstOnce(java.util.List<T> list, T item) {
            if (!list.contains(item)) {
                list.add(0, item);
            }
        }
    }

    // One nested class per client library, so that a missing library's types are never loaded.

    /** RestClient ({@code spring-boot-restclient}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.web.client.RestClient",
            "org.springframework.boot.restclient.RestClientCustomizer"})
    @ConditionalOnBooleanProperty(name = "graylane.client.rest-client.enabled", matchIfMissing = true)
    static class RestClientCustomization {

        @Bean
        RestClientCustomizer graylaneRestClientCustomizer(ObjectProvider<GraylaneClientHttpRequestInterceptor> interceptor) {
            return builder -> builder.requestInterceptors(list -> Blocking.addFirstOnce(list, interceptor.getObject()));
        }
    }

    /** RestTemplate ({@code spring-boot-restclient}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.web.client.RestTemplate",
            "org.springframework.boot.restclient.RestTemplateCustomizer"})
    @ConditionalOnBooleanProperty(name = "graylane.client.rest-template.enabled", matchIfMissing = true)
    static class RestTemplateCustomization {

        @Bean
        RestTemplateCustomizer graylaneRestTemplateCustomizer(ObjectProvider<GraylaneClientHttpRequestInterceptor> interceptor) {
            return template -> {
                java.util.List<org.springframework.http.client.ClientHttpRequestInterceptor> list =
                        new java.util.ArrayList<>(template.getInterceptors());
                Blocking.addFirstOnce(list, interceptor.getObject());
                template.setInterceptors(list);
            };
        }
    }

    /** WebClient. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.web.reactive.function.client.WebClient",
            "org.springframework.boot.webclient.WebClientCustomizer", "reactor.core.publisher.Mono"})
    @ConditionalOnBooleanProperty(name = "graylane.client.web-client.enabled", matchIfMissing = true)
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean
        GraylaneExchangeFilterFunction graylaneExchangeFilterFunction(LanePropagator propagator) {
            return new GraylaneExchangeFilterFunction(propagator);
        }

        @Bean
        WebClientCustomizer graylaneWebClientCustomizer(ObjectProvider<GraylaneExchangeFilterFunction> filter) {
            return builder -> builder.filters(list -> {
                GraylaneExchangeFilterFunction f = filter.getObject();
                if (!list.contains(f)) {
                    list.add(0, f);
                }
            });
        }
    }

    /** OkHttp 5. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "okhttp3.OkHttpClient")
    @ConditionalOnBooleanProperty(name = "graylane.client.okhttp.enabled", matchIfMissing = true)
    static class OkHttp {

        @Bean
        @ConditionalOnMissingBean
        GraylaneInterceptor graylaneOkHttpInterceptor(LanePropagator propagator) {
            return GraylaneInterceptor.create(propagator);
        }

        /** Adds the interceptor to every {@code OkHttpClient} bean (sharing its pool and dispatcher). */
        @Bean
        static BeanPostProcessor graylaneOkHttpClientPostProcessor(ObjectProvider<GraylaneInterceptor> interceptor) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
                    if (bean instanceof OkHttpClient client) {
                        GraylaneInterceptor i = interceptor.getObject();
                        if (!client.interceptors().contains(i)) {
                            return client.newBuilder().addInterceptor(i).build();
                        }
                    }
                    return bean;
                }
            };
        }
    }
}
