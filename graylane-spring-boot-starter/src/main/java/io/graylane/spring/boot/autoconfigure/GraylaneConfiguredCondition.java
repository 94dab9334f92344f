package io.graylane.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application says where Graylane's configuration is: {@code graylane.config},
 * {@code graylane.consul.key}, or a {@code graylane.yaml} / {@code .yml} / {@code .json} at the root of
 * the class path. Without one the starter stays out of the way (see the conditions report).
 */
class GraylaneConfiguredCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String config = context.getEnvironment().getProperty("graylane.config");
        if (config != null && !config.isBlank()) {
            return ConditionOutcome.match("graylane.config is " + config.strip());
        }
        String key = context.getEnvironment().getProperty("graylane.consul.key");
        if (key != null && !key.isBlank()) {
            return ConditionOutcome.match("graylane.consul.key is " + key.strip());
        }
        for (String location : GraylaneConfigResources.DEFAULT_LOCATIONS) {
            if (context.getResourceLoader().getResource(location).exists()) {
                return ConditionOutcome.match("found " + location);
            }
        }
        return ConditionOutcome.noMatch("no graylane.config, no graylane.consul.key and none of "
                + GraylaneConfigResources.DEFAULT_LOCATIONS);
    }
}
