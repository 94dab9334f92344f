package io.graylane.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code graylane.consul.key} names a Consul KV key. */
class ConsulKeyCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String key = context.getEnvironment().getProperty("graylane.consul.key");
        return key != null && !key.isBlank() ? ConditionOutcome.match("graylane.consul.key is " + key.strip())
                : ConditionOutcome.noMatch("graylane.consul.key is not set");
    }
}
