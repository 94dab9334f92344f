package io.graylane.consul;

import io.graylane.core.config.ConsulServiceQuery;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.model.Instance;
import io.graylane.core.model.Route;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The services one configuration needs, watched through a {@link ConsulDiscovery}: a handle on the
 * shared watch of each service its routes name, asked with the tags and filter its
 * {@code discovery.consul} section gives that service. {@link #update(GraylaneConfig)} acquires what a new
 * configuration adds before releasing what it no longer names, so a service both need keeps its watch
 * (and its index) across the change. Thread-safe.
 */
public final class DiscoverySubscription implements Subscription {

    private final ConsulDiscovery discovery;
    private final InstanceListener listener;
    private final Map<ConsulDiscovery.ServiceKey, WatchPool.Handle<List<Instance>>> handles = new LinkedHashMap<>();
    private boolean closed;

    DiscoverySubscription(ConsulDiscovery discovery, InstanceListener listener) {
        this.discovery = discovery;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The services {@code config}'s routes name, in route order, without duplicates. */
    public static Set<String> servicesOf(GraylaneConfig config) {
        Set<String> out = new LinkedHashSet<>();
        for (Route route : config.routes()) {
            out.add(route.service());
        }
        return out;
    }

    /** Follows {@code config}: watches the services it names, stops holding those it no longer names. */
    public synchronized void update(GraylaneConfig config) {
        if (closed) {
            throw new IllegalStateException("subscription is closed");
        }
        Map<ConsulDiscovery.ServiceKey, WatchPool.Handle<List<Instance>>> next = new LinkedHashMap<>();
        for (String service : servicesOf(config)) {
            ConsulServiceQuery query = config.consulDiscovery() == null ? ConsulServiceQuery.ALL
                    : config.consulDiscovery().queryFor(service);
            ConsulDiscovery.ServiceKey key = discovery.key(service, config.scope(), config.labelMapping(), query);
            WatchPool.Handle<List<Instance>> kept = handles.remove(key);
            next.put(key, kept != null ? kept : discovery.pool().acquire(key,
                    (instances, meta) -> listener.onInstances(service, instances)));
        }
        handles.values().forEach(WatchPool.Handle::close);
        handles.clear();
        handles.putAll(next);
    }

    /** The services currently watched for this subscription. */
    public synchronized Set<String> services() {
        Set<String> out = new LinkedHashSet<>();
        handles.keySet().forEach(k -> out.add(k.service()));
        return out;
    }

    /** Releases every handle; watches nobody else holds stop. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        handles.values().forEach(WatchPool.Handle::close);
        handles.clear();
    }
}
