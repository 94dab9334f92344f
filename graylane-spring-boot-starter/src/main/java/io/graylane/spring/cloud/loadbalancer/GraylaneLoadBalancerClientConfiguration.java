package io.graylane.spring.cloud.loadbalancer;

import io.graylane.library.engine.LaneEngineSource;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Load-balancer client configuration (for one client's child context, or for all of them with
 * {@code @LoadBalancerClients(defaultConfiguration = GraylaneLoadBalancerClientConfiguration.class)};
 * the starter registers it for all clients when {@code graylane.loadbalancer.enabled} is true). It wraps
 * whatever {@link ServiceInstanceListSupplier} the client is built with — discovery, caching, health
 * checks, zone preference — in a {@link GraylaneServiceInstanceListSupplier}, so the lane filter is
 * always the outermost step and caching stays underneath it.
 */
@Configuration(proxyBeanMethods = false)
public class GraylaneLoadBalancerClientConfiguration {

    @Bean
    static BeanPostProcessor graylaneServiceInstanceListSupplierPostProcessor(ObjectProvider<LaneEngineSource> engines,
                                                                             ObjectProvider<ServiceInstanceLabels> labels) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
                if (bean instanceof ServiceInstanceListSupplier supplier
                        && !(bean instanceof GraylaneServiceInstanceListSupplier)) {
                    LaneEngineSource source = engines.getIfAvailable();
                    if (source != null) {
                        return new GraylaneServiceInstanceListSupplier(supplier, source,
                                labels.getIfAvailable(ServiceInstanceLabels::defaults));
                    }
                }
                return bean;
            }
        };
    }
}
