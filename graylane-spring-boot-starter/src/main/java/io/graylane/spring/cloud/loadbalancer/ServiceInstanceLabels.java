package io.graylane.spring.cloud.loadbalancer;

import io.graylane.core.model.LabelMapping;
import org.springframework.cloud.client.ServiceInstance;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a Spring Cloud {@link ServiceInstance} into Graylane labels, which lane selectors match. The
 * default reads the instance's tags — from a public {@code getTags()} method, which Spring Cloud Consul's
 * {@code ConsulServiceInstance} has — and its metadata (Consul's service {@code Meta}), and applies the
 * configuration's {@code labels} mapping: tag {@code version=v2} or {@code version:v2} becomes
 * {@code version → v2}, a bare tag {@code canary} becomes {@code canary → ""}, metadata wins on conflict.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ServiceInstanceLabels {

    /** The labels of {@code instance} under {@code mapping}; never {@code null}. */
    Map<String, String> labels(ServiceInstance instance, LabelMapping mapping);

    /** Tags (from {@code getTags()}, when the instance class has one) and metadata, through the mapping. */
    static ServiceInstanceLabels defaults() {
        return TagsAndMetadata.INSTANCE;
    }

    /** The default mapping; caches the {@code getTags()} look-up per instance class. */
    final class TagsAndMetadata implements ServiceInstanceLabels {
        static final TagsAndMetadata INSTANCE = new TagsAndMetadata();
        private static final Method NONE;

        static {
            try {
                NONE = Object.class.getMethod("hashCode");
            } catch (NoSuchMethodException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Map<Class<?>, Method> getTags = new ConcurrentHashMap<>();

        private TagsAndMetadata() {
        }

        @Override
        public Map<String, String> labels(ServiceInstance instance, LabelMapping mapping) {
            // Copied without null keys or values (which Graylane labels cannot hold); once per instance list.
            Map<String, String> metadata = new java.util.LinkedHashMap<>();
            if (instance.getMetadata() != null) {
                instance.getMetadata().forEach((k, v) -> {
                    if (k != null && v != null) {
                        metadata.put(k, v);
                    }
                });
            }
            return mapping.labels(tags(instance), metadata);
        }

        private List<String> tags(ServiceInstance instance) {
            Method m = getTags.computeIfAbsent(instance.getClass(), TagsAndMetadata::find);
            if (m == NONE) {
                return List.of();
            }
            try {
                Object value = m.invoke(instance);
                if (value instanceof Collection<?> c) {
                    List<String> out = new ArrayList<>(c.size());
                    for (Object o : c) {
                        if (o != null) {
                            out.add(o.toString());
                        }
                    }
                    return out;
                }
                return List.of();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return List.of();
            }
        }

        private static Method find(Class<?> type) {
            try {
                Method m = type.getMethod("getTags");
                return Collection.class.isAssignableFrom(m.getReturnType()) && m.trySetAccessible() ? m : NONE;
            } catch (NoSuchMethodException e) {
                return NONE;
            }
        }
    }
}
