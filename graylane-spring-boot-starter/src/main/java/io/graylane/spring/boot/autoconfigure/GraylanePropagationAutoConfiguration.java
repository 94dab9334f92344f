package io.graylane.spring.boot.autoconfigure;

import io.graylane.library.engine.LaneEngineSource;
import io.graylane.spring.task.LaneTaskDecorator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The lane across thread hops: a {@link LaneTaskDecorator} bean, which Spring Boot applies (with any
 * other {@code TaskDecorator} beans) to the executor it auto-configures for {@code @Async} and
 * {@code applicationTaskExecutor}. Switch off with {@code graylane.propagation.enabled=false}.
 */
@AutoConfiguration(after = GraylaneAutoConfiguration.class, before = TaskExecutionAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = {"graylane.enabled", "graylane.propagation.enabled"}, matchIfMissing = true)
@ConditionalOnBean(LaneEngineSource.class)
public class GraylanePropagationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LaneTaskDecorator graylaneTaskDecorator() {
        return new LaneTaskDecorator();
    }
}
