package io.graylane.gateway.middleware;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.graylane.core.model.Instance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One resilience4j {@link CircuitBreaker} per upstream instance (service and instance id), made on
 * first use with one config. Instances come and go with discovery; past {@code maxBreakers} the
 * closed breakers are forgotten (a closed breaker with a fresh window differs little from a new one),
 * so a churning fleet cannot grow this without bound. Looking one up allocates nothing. Thread-safe.
 */
final class InstanceBreakers {

    private final CircuitBreakerConfig config;
    private final int maxBreakers;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, CircuitBreaker>> byService =
            new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    InstanceBreakers(CircuitBreakerConfig config, int maxBreakers) {
        this.config = config;
        this.maxBreakers = maxBreakers;
    }

    /** The breaker of {@code instance}, made when needed. */
    CircuitBreaker of(Instance instance) {
        ConcurrentHashMap<String, CircuitBreaker> ids = byService.get(instance.service());
        if (ids == null) {
            ids = byService.computeIfAbsent(instance.service(), s -> new ConcurrentHashMap<>());
        }
        CircuitBreaker breaker = ids.get(instance.id());
        if (breaker != null) {
            return breaker;
        }
        if (count.get() >= maxBreakers) {
            forgetClosed();
        }
        return ids.computeIfAbsent(instance.id(), id -> {
            count.incrementAndGet();
            return CircuitBreaker.of(instance.service() + "/" + id, config);
        });
    }

    /** The breaker of {@code instance} if one was made, else {@code null}. */
    CircuitBreaker find(Instance instance) {
        ConcurrentHashMap<String, CircuitBreaker> ids = byService.get(instance.service());
        return ids == null ? null : ids.get(instance.id());
    }

    /** Whether {@code instance}'s breaker lets calls through (no breaker yet counts as closed). */
    boolean allowsCalls(Instance instance) {
        CircuitBreaker b = find(instance);
        if (b == null) {
            return true;
        }
        CircuitBreaker.State s = b.getState();
        return s != CircuitBreaker.State.OPEN && s != CircuitBreaker.State.FORCED_OPEN;
    }

    private void forgetClosed() {
        for (Map<String, CircuitBreaker> ids : byService.values()) {
            ids.entrySet().removeIf(e -> {
                boolean closed = e.getValue().getState() == CircuitBreaker.State.CLOSED;
                if (closed) {
                    count.decrementAndGet();
                }
                return closed;
            });
        }
    }

    /** Breakers made so far (for tests and metrics). */
    int size() {
        return count.get();
    }
}
