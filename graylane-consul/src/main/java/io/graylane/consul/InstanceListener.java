package io.graylane.consul;

import io.graylane.core.model.Instance;

import java.util.List;

/**
 * Told the instances of a service whenever they change (first the current ones). Calls for one
 * service come in order on a discovery thread, never under a lock; return quickly.
 */
@FunctionalInterface
public interface InstanceListener {

    /**
     * @param service   the service
     * @param instances every instance of it, healthy or not, sorted by id; immutable
     */
    void onInstances(String service, List<Instance> instances);
}
