package io.graylane.library.discovery;

import io.graylane.consul.ConsulClient;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.ConsulDiscovery;
import io.graylane.consul.WatchSettings;
import io.graylane.core.config.ConsulDiscoverySettings;
import io.graylane.consul.WatchPool;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.model.Instance;
import io.graylane.core.model.LabelMapping;
import io.graylane.core.model.Scope;
import io.graylane.library.engine.LaneEngineSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Feeds a {@link LaneEngineSource} with instances from Consul: it watches (through the shared,
 * reference-counted watches of a {@link ConsulDiscovery}) every service the current configuration's
 * routes name, minus those with static instances, plus any extra services given, and reports each
 * change with {@link LaneEngineSource#instances}. When the configuration changes it follows: new
 * services are watched before dropped ones are released, so a service both need keeps its watch.
 * Thread-safe.
 *
 * <pre>{@code
 * ConsulDiscovery discovery = ConsulDiscovery.builder(ConsulClient.create()).build();
 * ConsulInstances feed = ConsulInstances.follow(engines, discovery, Set.of("payments"));
 * }</pre>
 */
public final class ConsulInstances implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsulInstances.class);

    private final LaneEngineSource engines;
    private final ConsulDiscovery discovery;
    private final Set<String> extra;
    private final Map<String, WatchPool.Handle<List<Instance>>> handles = new LinkedHashMap<>();
    private Scope scope;
    private LabelMapping labelMapping;
    private GraylaneConfig followed;
    private AutoCloseable subscription;
    private AutoCloseable owned;
    private boolean closed;

    private ConsulInstances(LaneEngineSource engines, ConsulDiscovery discovery, Set<String> extra) {
        this.engines = engines;
        this.discovery = discovery;
        this.extra = extra;
    }

    /** Starts feeding {@code engines} with the instances of the services its configuration routes to. */
    public static ConsulInstances follow(LaneEngineSource engines, ConsulDiscovery discovery) {
        return follow(engines, discovery, Set.of());
    }

    /**
     * Starts feeding {@code engines} with the instances of the services its configuration routes to
     * and of {@code extraServices} (services called by name that no route names).
     */
    public static ConsulInstances follow(LaneEngineSource engines, ConsulDiscovery discovery,
                                         Collection<String> extraServices) {
        Objects.requireNonNull(engines, "engines");
        Objects.requireNonNull(discovery, "discovery");
        ConsulInstances feed = new ConsulInstances(engines, discovery, Set.copyOf(extraServices));
        feed.subscription = engines.subscribe(feed::onEngine);
        return feed;
    }

    /**
     * Starts feeding {@code engines} from the Consul its configuration's {@code discovery.consul} section
     * names (address and token there, else {@code CONSUL_HTTP_ADDR} / {@code CONSUL_HTTP_TOKEN}, else
     * {@code 127.0.0.1:8500}; its wait time and stale reads), with a client and discovery of its own
     * that {@link #close()} closes. Later changes of that section need a new feed.
     *
     * @throws IllegalStateException    when the configuration has no {@code discovery.consul} section
     * @throws IllegalArgumentException naming {@code discovery.consul.address} when it is not an address
     */
    public static ConsulInstances start(LaneEngineSource engines, Collection<String> extraServices) {
        ConsulDiscoverySettings settings = engines.config().consulDiscovery();
        if (settings == null) {
            throw new IllegalStateException("discovery.consul: missing (expected: a discovery.consul section to take"
                    + " instances from Consul, or ConsulInstances.follow with a ConsulDiscovery of your own)");
        }
        ConsulClientConfig.Builder client = ConsulClientConfig.builder().token(settings.token())
                .defaultWait(settings.waitTime());
        if (!settings.address().isEmpty()) {
            try {
                client.address(settings.address());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("discovery.consul." + e.getMessage(), e);
            }
        }
        ConsulDiscovery discovery = ConsulDiscovery.builder(ConsulClient.create(client.build()))
                .settings(WatchSettings.builder().waitTime(settings.waitTime()).build())
                .stale(settings.stale())
                .build();
        ConsulInstances feed = follow(engines, discovery, extraServices);
        synchronized (feed) {
            feed.owned = discovery;
        }
        return feed;
    }

    /** The services watched now. */
    public synchronized Set<String> services() {
        return Set.copyOf(handles.keySet());
    }

    private void onEngine(LaneEngine engine) {
        GraylaneConfig config = engine.config();
        synchronized (this) {
            if (closed || config == followed) {
                return;
            }
            followed = config;
        }
        try {
            watch(config);
        } catch (RuntimeException e) {
            log.error("Could not follow the services of the new Graylane configuration in Consul: {}", e.toString());
        }
    }

    private synchronized void watch(GraylaneConfig config) {
        Set<String> wanted = new LinkedHashSet<>();
        config.routes().forEach(r -> wanted.add(r.service()));
        wanted.addAll(extra);
        wanted.removeAll(config.staticInstances().keySet());
        boolean sameKey = config.scope().equals(scope) && config.labelMapping().equals(labelMapping);
        Map<String, WatchPool.Handle<List<Instance>>> next = new LinkedHashMap<>();
        for (String service : wanted) {
            WatchPool.Handle<List<Instance>> kept = sameKey ? handles.remove(service) : null;
            next.put(service, kept != null ? kept
                    : discovery.watch(service, config.scope(), config.labelMapping(), engines::instances));
        }
        handles.values().forEach(WatchPool.Handle::close);
        handles.clear();
        handles.putAll(next);
        scope = config.scope();
        labelMapping = config.labelMapping();
    }

    /**
     * Stops following the configuration and releases every watch; a discovery given to {@link #follow}
     * stays open, one made by {@link #start} is closed.
     */
    @Override
    public void close() {
        AutoCloseable sub;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            handles.values().forEach(WatchPool.Handle::close);
            handles.clear();
            sub = subscription;
        }
        for (AutoCloseable c : java.util.Arrays.asList(sub, owned)) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.warn("Could not close {}: {}", c, e.toString());
                }
            }
        }
    }
}
