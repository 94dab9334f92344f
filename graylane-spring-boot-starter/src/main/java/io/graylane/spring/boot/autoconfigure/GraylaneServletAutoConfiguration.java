package io.graylane.spring.boot.autoconfigure;

import io.graylane.core.chain.ChainListener;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.library.engine.LaneEngineSource;
import io.graylane.library.servlet.GraylaneFilter;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import java.nio.file.Path;

/**
 * Registers {@link GraylaneFilter} in a servlet web application, for the request, async and error
 * dispatches: each request's lane is vetted (untrusted lanes stripped), kept or colored, and bound
 * while controllers run. A {@link ChainListener} bean, when the application has one, is told about
 * chain loads, swaps and drains (for metrics). Switch off with {@code graylane.filter.enabled=false}.
 */
@AutoConfiguration(after = GraylaneAutoConfiguration.class)
@ConditionalOnClass({jakarta.servlet.Filter.class, FilterRegistrationBean.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = {"graylane.enabled", "graylane.filter.enabled"}, matchIfMissing = true)
@ConditionalOnBean(LaneEngineSource.class)
public class GraylaneServletAutoConfiguration {

    /** The bean name of the filter registration. */
    public static final String REGISTRATION_NAME = "graylaneFilterRegistration";

    @Bean(REGISTRATION_NAME)
    @ConditionalOnMissingBean(name = REGISTRATION_NAME)
    FilterRegistrationBean<GraylaneFilter> graylaneFilterRegistration(LaneEngineSource engines, MiddlewareRegistry middleware,
                                                                      GraylaneProperties properties,
                                                                      ObjectProvider<ChainListener> listener) {
        GraylaneProperties.Filter settings = properties.getFilter();
        GraylaneFilter.Builder builder = GraylaneFilter.builder().engines(engines).middleware(middleware)
                .drainDeadline(settings.getDrainDeadline()).pluginTimeout(settings.getPluginTimeout());
        if (settings.getPluginDir() != null && !settings.getPluginDir().isBlank()) {
            builder.pluginDirectory(Path.of(settings.getPluginDir()));
        }
        listener.ifAvailable(builder::listener);
        GraylaneFilter filter = builder.build();
        FilterRegistrationBean<GraylaneFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("graylane");
        registration.setOrder(properties.getFilter().getOrder());
        registration.setUrlPatterns(properties.getFilter().getUrlPatterns());
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        registration.setAsyncSupported(true);
        return registration;
    }
}
