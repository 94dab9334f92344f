package io.graylane.spring.boot.autoconfigure;

import io.graylane.consul.ConsulClient;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.ConsulConfigSource;
import io.graylane.consul.LastKnownGoodStore;
import io.graylane.consul.LiveConfig;
import io.graylane.core.GraylaneException;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.library.discovery.ConsulInstances;
import io.graylane.library.engine.LaneEngineSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Graylane's engine for a Spring Boot application: a {@link LaneEngineSource} over the configuration
 * named by {@code graylane.config} (or found on the class path) or followed live in the Consul KV key
 * {@code graylane.consul.key}, and — when the configuration has a {@code discovery.consul} section — a
 * feed of instances from Consul. Everything else in the starter hangs off the {@link LaneEngineSource}
 * bean, so an application can also define that bean itself.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "graylane.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GraylaneProperties.class)
public class GraylaneAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GraylaneAutoConfiguration.class);

    /** The configuration followed in Consul KV, when {@code graylane.consul.key} is set. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @Conditional(ConsulKeyCondition.class)
    ConsulConfigSource graylaneConsulConfigSource(GraylaneProperties properties, Environment environment) {
        GraylaneProperties.Consul consul = properties.getConsul();
        ConsulConfigSource.Builder builder = ConsulConfigSource.builder(consulClient(consul), consul.getKey().strip())
                .loader(GraylaneConfigResources.loader(environment));
        if (consul.getLastKnownGoodDir() != null && !consul.getLastKnownGoodDir().isBlank()) {
            builder.lastKnownGood(LastKnownGoodStore.open(Path.of(consul.getLastKnownGoodDir().strip())));
        }
        return builder.build().start();
    }

    /** The application's current lane engine. */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(GraylaneConfiguredCondition.class)
    LaneEngineSource graylaneEngineSource(GraylaneProperties properties, ResourceLoader resources, Environment environment,
                                          ObjectProvider<ConsulConfigSource> consulSource) {
        ConsulConfigSource source = consulSource.getIfAvailable();
        if (source == null) {
            GraylaneConfig config = GraylaneConfigResources.load(properties.getConfig(), resources, environment);
            return LaneEngineSource.of(config);
        }
        LaneEngineSource engines = LaneEngineSource.of(firstConfig(properties, source, resources, environment));
        engines.follow(source);   // ends when the source bean closes
        log.info("Graylane follows its configuration in Consul KV key {}", source.key());
        return engines;
    }

    private static GraylaneConfig firstConfig(GraylaneProperties properties, ConsulConfigSource source,
                                              ResourceLoader resources, Environment environment) {
        GraylaneProperties.Consul consul = properties.getConsul();
        try {
            LiveConfig live = source.firstConfig().get(consul.getStartupTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return live.config();
        } catch (TimeoutException e) {
            if (properties.getConfig() != null && !properties.getConfig().isBlank()) {
                log.warn("graylane.consul.key: no configuration at {} after {}; serving {} until Consul delivers one",
                        source.key(), consul.getStartupTimeout(), properties.getConfig());
                return GraylaneConfigResources.load(properties.getConfig(), resources, environment);
            }
            String why = source.lastRejection().map(r -> "; last rejected version: " + r).orElse("");
            throw new GraylaneException("graylane.consul.key: " + source.key() + " (expected: a valid Graylane configuration"
                    + " in Consul within graylane.consul.startup-timeout=" + consul.getStartupTimeout()
                    + ", or graylane.config to serve until it arrives" + why + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraylaneException("graylane.consul.key: interrupted while waiting for " + source.key());
        } catch (ExecutionException e) {
            throw new GraylaneException("graylane.consul.key: " + source.key() + ": " + e.getCause(), e.getCause());
        }
    }

    static ConsulClient consulClient(GraylaneProperties.Consul consul) {
        ConsulClientConfig.Builder b = ConsulClientConfig.builder();
        if (consul.getAddress() != null && !consul.getAddress().isBlank()) {
            try {
                b.address(consul.getAddress().strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("graylane.consul." + e.getMessage(), e);
            }
        }
        if (consul.getToken() != null && !consul.getToken().isBlank()) {
            b.token(consul.getToken().strip());
        }
        return ConsulClient.create(b.build());
    }

    /** Instances from Consul, when the configuration has a {@code discovery.consul} section. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBean(LaneEngineSource.class)
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "graylane.discovery.enabled", matchIfMissing = true)
    ConsulInstancesHolder graylaneConsulInstances(LaneEngineSource engines, GraylaneProperties properties) {
        if (engines.config().consulDiscovery() == null) {
            return new ConsulInstancesHolder(null);
        }
        return new ConsulInstancesHolder(ConsulInstances.start(engines, properties.getDiscovery().getServices()));
    }

    /** The middleware types the configuration's {@code chain} may use: none unless the application defines this bean. */
    @Bean
    @ConditionalOnMissingBean
    MiddlewareRegistry graylaneMiddlewareRegistry() {
        return MiddlewareRegistry.empty();
    }

    /**
     * The Consul instance feed, if the configuration asked for one (a holder, so that "no feed" is a
     * bean too and conditions stay simple). Thread-safe.
     *
     * @param feed the feed, or {@code null} when the configuration has no {@code discovery.consul} section
     */
    public record ConsulInstancesHolder(ConsulInstances feed) implements AutoCloseable {
        @Override
        public void close() {
            if (feed != null) {
                feed.close();
            }
        }
    }
}
