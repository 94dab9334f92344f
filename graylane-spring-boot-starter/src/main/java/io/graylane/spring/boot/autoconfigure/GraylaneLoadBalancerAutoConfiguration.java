package io.graylane.spring.boot.autoconfigure;

import io.graylane.library.engine.LaneEngineSource;
import io.graylane.spring.cloud.loadbalancer.GraylaneLoadBalancerClientConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.context.annotation.Bean;

/**
 * Spring Cloud LoadBalancer: every load-balanced client (RestClient, RestTemplate and WebClient marked
 * {@code @LoadBalanced}, OpenFeign) picks among the instances that serve the
 * request's lane, with Graylane's fallback. Registers {@link GraylaneLoadBalancerClientConfiguration}
 * as a default configuration of every load-balancer client. Switch off with
 * {@code graylane.loadbalancer.enabled=false}.
 */
@AutoConfiguration(after = GraylaneAutoConfiguration.class,
        beforeName = "org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration")
@ConditionalOnClass({LoadBalancerClientSpecification.class, reactor.core.publisher.Flux.class})
// Spring Cloud Gateway (WebFlux) hands the incoming, unvetted request headers to the load balancer: a lane
// header from outside would choose instances. Not there by default (docs/library-spring-cloud-loadbalancer.md).
@ConditionalOnMissingClass("org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter")
@ConditionalOnBooleanProperty(name = {"graylane.enabled", "graylane.loadbalancer.enabled"}, matchIfMissing = true)
@ConditionalOnBean(LaneEngineSource.class)
public class GraylaneLoadBalancerAutoConfiguration {

    /** A name starting with {@code default.} applies the configuration to every load-balancer client. */
    static final String SPECIFICATION_NAME = "default." + GraylaneLoadBalancerClientConfiguration.class.getName();

    @Bean
    LoadBalancerClientSpecification graylaneLoadBalancerClientSpecification() {
        return new LoadBalancerClientSpecification(SPECIFICATION_NAME,
                new Class<?>[] {GraylaneLoadBalancerClientConfiguration.class});
    }
}
