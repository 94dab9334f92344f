package io.graylane.gateway.run;

import io.graylane.consul.ConsulClient;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.ConsulDiscovery;
import io.graylane.consul.DiscoverySubscription;
import io.graylane.consul.InstanceListener;
import io.graylane.consul.LastKnownGoodStore;
import io.graylane.consul.WatchSettings;
import io.graylane.consul.WatchState;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.model.Route;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connection of the gateway to Consul discovery: a client, a {@link ConsulDiscovery} and the
 * subscription that follows the configuration. A configuration change with the same {@link Key} only
 * moves the subscription ({@link #follow}); one with another key (address, token, wait, stale) gets a
 * new link, and the old one is closed. Thread-safe as its parts are.
 */
final class DiscoveryLink implements AutoCloseable {

    /**
     * What a link is made of; equal keys can share one link.
     *
     * @param client   the client settings (address, token, timeouts)
     * @param settings the watch settings (wait, rate, back-off)
     * @param stale    whether any server may answer
     */
    record Key(ConsulClientConfig client, WatchSettings settings, boolean stale) {
    }

    private final Key key;
    private final ConsulDiscovery discovery;
    private final DiscoverySubscription subscription;

    /**
     * Starts watching the Consul services of {@code config}.
     *
     * @param store    where snapshots are saved and read at an unreachable start, or {@code null}
     * @param services the services to watch (routed, not static)
     */
    DiscoveryLink(Key key, LastKnownGoodStore store, GraylaneConfig config, Set<String> services,
                  InstanceListener listener) {
        this.key = key;
        ConsulDiscovery.Builder b = ConsulDiscovery.builder(ConsulClient.create(key.client()))
                .settings(key.settings())
                .stale(key.stale());
        if (store != null) {
            b.lastKnownGood(store);
        }
        this.discovery = b.build();
        this.subscription = discovery.subscribe(view(config, services), listener);
    }

    /** The services of a configuration that come from Consul: routed ones without static instances. */
    static Set<String> consulServices(GraylaneConfig config) {
        if (config.consulDiscovery() == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>(DiscoverySubscription.servicesOf(config));
        out.removeAll(config.staticInstances().keySet());
        return Set.copyOf(out);
    }

    Key key() {
        return key;
    }

    /** Watches exactly {@code services} of {@code config} from now on (acquire before release: shared ones keep their index). */
    void follow(GraylaneConfig config, Set<String> services) {
        subscription.update(view(config, services));
    }

    /** Whether any watched service is served from the last-known-good snapshot. */
    boolean servingFromLastKnownGood() {
        return discovery.servingFromLastKnownGood();
    }

    /** Every service watch's state. */
    List<WatchState> states() {
        return discovery.states();
    }

    @Override
    public void close() {
        subscription.close();
        discovery.close();
    }

    /**
     * {@code config} as the subscription should see it: only the routes to {@code services}. A
     * subscription watches every routed service, and a static one must not be watched.
     */
    private static GraylaneConfig view(GraylaneConfig config, Set<String> services) {
        List<Route> routes = config.routes().stream().filter(r -> services.contains(r.service())).toList();
        return new GraylaneConfig(config.scope(), config.labelMapping(), config.propagation(), config.lanes(),
                config.coloring(), config.trust(), routes, Map.of(), List.of(), config.consulDiscovery());
    }
}
