package io.graylane.consul;

import io.graylane.consul.internal.DaemonThreads;
import io.graylane.consul.internal.InstanceMapper;
import io.graylane.core.config.ConsulServiceQuery;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.model.Instance;
import io.graylane.core.model.LabelMapping;
import io.graylane.core.model.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Service discovery from Consul's health API: one shared blocking-query {@link Watch} per service
 * (and datacenter, namespace and label mapping), reference-counted in a {@link WatchPool}, delivering
 * immutable {@link Instance} snapshots to {@link InstanceListener}s. Only services someone asked for
 * are watched: {@link #subscribe(GraylaneConfig, InstanceListener)} watches exactly the services the
 * configuration's routes name, and {@link DiscoverySubscription#update} follows a new configuration.
 *
 * <p>With a {@link LastKnownGoodStore}, every instance change is saved, and a service whose first read
 * fails (Consul unreachable at start) is served from the saved snapshot until Consul answers;
 * {@link #servingFromLastKnownGood()} says so. The scope's datacenter and namespace go into the query;
 * its label scope is applied by core's routing table. Thread-safe.
 */
public final class ConsulDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsulDiscovery.class);

    /** What one shared watch is for; the query's tags and filter are part of it (another filter, another watch). */
    record ServiceKey(String service, String datacenter, String namespace, LabelMapping labelMapping,
                      ConsulServiceQuery query) {
        String watchName() {
            return "health:" + service + (datacenter.isEmpty() ? "" : "@" + datacenter)
                    + (namespace.isEmpty() ? "" : "/ns=" + namespace);
        }
    }

    private final ConsulClient client;
    private final WatchSettings settings;
    private final boolean stale;
    private final LastKnownGoodStore store;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final WatchPool<ServiceKey, List<Instance>> pool;

    private ConsulDiscovery(Builder b) {
        this.client = b.client;
        this.settings = b.settings;
        this.stale = b.stale;
        this.store = b.store;
        this.ownsScheduler = b.scheduler == null;
        this.scheduler = ownsScheduler ? DaemonThreads.scheduler("graylane-consul-discovery", b.threads) : b.scheduler;
        this.pool = new WatchPool<>(this::newWatch);
    }

    public static Builder builder(ConsulClient client) {
        return new Builder(client);
    }

    /**
     * Watches one service for as long as the returned handle is open; {@code listener} is told its
     * current instances, then every change. Sharing: an equal request shares the watch.
     */
    public WatchPool.Handle<List<Instance>> watch(String service, Scope scope, LabelMapping labelMapping,
                                                  InstanceListener listener) {
        return watch(service, scope, labelMapping, ConsulServiceQuery.ALL, listener);
    }

    /**
     * Watches the instances of one service that {@code query} selects (Consul's {@code ?tag=} and
     * {@code ?filter=}) for as long as the returned handle is open; otherwise as
     * {@link #watch(String, Scope, LabelMapping, InstanceListener)}.
     */
    public WatchPool.Handle<List<Instance>> watch(String service, Scope scope, LabelMapping labelMapping,
                                                  ConsulServiceQuery query, InstanceListener listener) {
        Objects.requireNonNull(listener, "listener");
        ServiceKey key = key(service, scope, labelMapping, query);
        return pool.acquire(key, (instances, meta) -> listener.onInstances(service, instances));
    }

    /**
     * Watches every service {@code config}'s routes name, with its scope, label mapping and the
     * tags and filter {@code discovery.consul} gives each service. Call
     * {@link DiscoverySubscription#update} with the next configuration (or open one subscription per
     * configuration snapshot and close the old one after the swap: the watches are shared either way).
     */
    public DiscoverySubscription subscribe(GraylaneConfig config, InstanceListener listener) {
        DiscoverySubscription sub = new DiscoverySubscription(this, listener);
        sub.update(config);
        return sub;
    }

    /** Whether any watched service is being served from the last-known-good snapshot. */
    public boolean servingFromLastKnownGood() {
        return pool.states().values().stream().anyMatch(WatchState::servingFallback);
    }

    /** How many services are being watched. */
    public int activeWatches() {
        return pool.size();
    }

    /** The state of every watch, for metrics ({@code health:<service>[@dc][/ns=…]}). */
    public List<WatchState> states() {
        return new ArrayList<>(pool.states().values());
    }

    /** Stops every watch and, if it was created here, the scheduler. */
    @Override
    public void close() {
        pool.close();
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    ServiceKey key(String service, Scope scope, LabelMapping labelMapping, ConsulServiceQuery query) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(labelMapping, "labelMapping");
        Objects.requireNonNull(query, "query");
        return new ServiceKey(service, scope.datacenter(), scope.namespace(), labelMapping, query);
    }

    WatchPool<ServiceKey, List<Instance>> pool() {
        return pool;
    }

    private Watch<List<Instance>> newWatch(ServiceKey key) {
        HealthQuery query = new HealthQuery(key.service(), false, key.query().tags(), key.query().filter());
        QueryOptions base = QueryOptions.DEFAULT.withStale(stale).withDatacenter(key.datacenter())
                .withNamespace(key.namespace());
        String dc = key.datacenter().isEmpty() ? client.config().datacenter() : key.datacenter();
        Watch.Builder<List<Instance>> b = Watch.<List<Instance>>builder(key.watchName(),
                        (index, wait) -> client.healthServiceAsync(query, base.withIndex(index).withWait(wait))
                                .thenApply(r -> r.map(entries -> InstanceMapper.map(entries, key.labelMapping(), dc))))
                .settings(settings)
                .scheduler(scheduler);
        if (store != null) {
            b.fallback(() -> lastKnownGood(key));
        }
        Watch<List<Instance>> watch = b.build();
        if (store != null) {
            watch.subscribe((instances, meta) -> save(key, watch, instances));
        }
        return watch;
    }

    private List<Instance> lastKnownGood(ServiceKey key) {
        return store.loadInstances(key.service(), key.datacenter(), key.namespace()).map(saved -> {
            log.warn("Consul is unreachable: serving {} instance(s) of {} from the last-known-good snapshot saved at {}",
                    saved.instances().size(), key.watchName(), saved.savedAt());
            return saved.instances();
        }).orElseGet(() -> {
            log.warn("Consul is unreachable and there is no last-known-good snapshot of {}", key.watchName());
            return null;
        });
    }

    private void save(ServiceKey key, Watch<List<Instance>> watch, List<Instance> instances) {
        if (watch.state().servingFallback()) {
            return;
        }
        try {
            store.saveInstances(key.service(), key.datacenter(), key.namespace(), instances);
        } catch (RuntimeException e) {
            log.warn("Could not save the last-known-good instances of {}: {}", key.watchName(), e.getMessage());
        }
    }

    /** Builds a {@link ConsulDiscovery}; not thread-safe. */
    public static final class Builder {
        private final ConsulClient client;
        private WatchSettings settings = WatchSettings.DEFAULT;
        private boolean stale;
        private LastKnownGoodStore store;
        private ScheduledExecutorService scheduler;
        private int threads = 1;

        private Builder(ConsulClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** Wait, rate limit and back-off of every service watch. */
        public Builder settings(WatchSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** Whether any Consul server may answer ({@code ?stale}); spreads read load, may lag. Default false. */
        public Builder stale(boolean value) {
            this.stale = value;
            return this;
        }

        /** Saves snapshots to, and serves from at an unreachable start, this store. Default none. */
        public Builder lastKnownGood(LastKnownGoodStore value) {
            this.store = Objects.requireNonNull(value, "lastKnownGood");
            return this;
        }

        /** A scheduler to run on (not shut down by {@link #close()}); default: an own daemon scheduler. */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** Threads of the own scheduler; default 1 (reads are asynchronous, threads only run callbacks). */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads: " + value + " (expected: >= 1)");
            }
            this.threads = value;
            return this;
        }

        public ConsulDiscovery build() {
            return new ConsulDiscovery(this);
        }
    }
}
