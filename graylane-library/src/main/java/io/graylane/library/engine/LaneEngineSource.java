package io.graylane.library.engine;

import io.graylane.consul.ConsulConfigSource;
import io.graylane.consul.Subscription;
import io.graylane.core.config.ConsulDiscoverySettings;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.model.Health;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.model.Instance;
import io.graylane.core.rule.RandomSource;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The current {@link LaneEngine} of an application, shared by its servlet filter (coloring, trust)
 * and its outbound clients (instance choice). It changes when the configuration changes
 * ({@link #update(GraylaneConfig)}: a file reload, a Consul KV change) and when discovery reports a
 * service's instances ({@link #instances}); each change publishes a new immutable engine and tells the
 * listeners, outside the lock, always with the latest engine. Reads are one volatile load.
 * Thread-safe.
 */
public final class LaneEngineSource {

    private final AtomicReference<LaneEngine> current;
    private final Map<String, List<Instance>> discovered = new HashMap<>();
    private final CopyOnWriteArrayList<Consumer<LaneEngine>> listeners = new CopyOnWriteArrayList<>();
    private final Object notifyLock = new Object();
    private volatile ServiceNames names;

    /** The logical service names of one configuration, with a case-insensitive index. */
    private record ServiceNames(GraylaneConfig config, Set<String> names, Map<String, String> byLowerCase) {
        static ServiceNames of(GraylaneConfig config) {
            Set<String> out = new LinkedHashSet<>();
            config.routes().forEach(r -> out.add(r.service()));
            out.addAll(config.staticInstances().keySet());
            Map<String, String> lower = new HashMap<>();
            for (String name : out) {
                lower.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            }
            return new ServiceNames(config, Collections.unmodifiableSet(out), Map.copyOf(lower));
        }
    }

    private LaneEngineSource(LaneEngine engine) {
        this.current = new AtomicReference<>(engine);
    }

    /** A source over {@code config} with its static instances (and, later, discovered ones). */
    public static LaneEngineSource of(GraylaneConfig config) {
        return new LaneEngineSource(LaneEngine.create(Objects.requireNonNull(config, "config")));
    }

    /** A source starting with {@code engine} as it is. */
    public static LaneEngineSource of(LaneEngine engine) {
        return new LaneEngineSource(Objects.requireNonNull(engine, "engine"));
    }

    /** The current engine. */
    public LaneEngine current() {
        return current.get();
    }

    /** The current configuration. */
    public GraylaneConfig config() {
        return current.get().config();
    }

    /**
     * Serves {@code config} from now on, with its static instances and every service's instances
     * discovered so far (a discovered service is replaced by the config's static one of the same name).
     */
    public void update(GraylaneConfig config) {
        Objects.requireNonNull(config, "config");
        synchronized (this) {
            Map<String, List<Instance>> instances = new LinkedHashMap<>();
            discovered.forEach((service, list) -> instances.put(service, routable(config, list)));
            instances.putAll(config.staticInstances());
            current.set(LaneEngine.create(config, instances, RandomSource.threadLocal()));
        }
        publish();
    }

    /** With {@code discovery.consul.onlyPassing}, only instances whose every check passes take traffic. */
    private static List<Instance> routable(GraylaneConfig config, List<Instance> instances) {
        ConsulDiscoverySettings s = config.consulDiscovery();
        if (s == null || !s.onlyPassing()) {
            return instances;
        }
        return instances.stream().filter(i -> i.health() == Health.PASSING).toList();
    }

    /** Serves {@code engine} as it is (its instances replace what was discovered). */
    public void update(LaneEngine engine) {
        Objects.requireNonNull(engine, "engine");
        synchronized (this) {
            discovered.clear();
            current.set(engine);
        }
        publish();
    }

    /**
     * Replaces {@code service}'s instances (from discovery; all of them, healthy or not: the lanes'
     * resolutions skip unhealthy ones, and {@code discovery.consul.onlyPassing} keeps only passing ones).
     * A service the configuration lists statically keeps its static instances.
     */
    public void instances(String service, List<Instance> instances) {
        Objects.requireNonNull(service, "service");
        List<Instance> copy = List.copyOf(instances);
        synchronized (this) {
            discovered.put(service, copy);
            LaneEngine engine = current.get();
            if (engine.config().staticInstances().containsKey(service)) {
                return;
            }
            current.set(engine.withInstances(service, routable(engine.config(), copy)));
        }
        publish();
    }

    /**
     * Follows the configuration kept in a Consul KV key: every version {@code source} accepts is served
     * (an invalid one never reaches here; one this source cannot build an engine for is rejected and the
     * source keeps its previous version). Close the returned subscription to stop.
     */
    public Subscription follow(ConsulConfigSource source) {
        Objects.requireNonNull(source, "source");
        return source.subscribe((version, config) -> update(config));
    }

    /**
     * The logical service names of the current configuration: the services its routes name and those
     * with static instances. Outbound clients rewrite only these host names.
     */
    public Set<String> services() {
        return names().names();
    }

    /**
     * The logical service a host name denotes — the configured name that equals it ignoring case — or
     * {@code null} when it is none. Allocation-free once a configuration's names are indexed.
     */
    public String service(String host) {
        if (host == null) {
            return null;
        }
        ServiceNames n = names();
        return n.names().contains(host) ? host : n.byLowerCase().get(host.toLowerCase(Locale.ROOT));
    }

    private ServiceNames names() {
        GraylaneConfig config = config();
        ServiceNames n = names;
        if (n == null || n.config() != config) {
            n = ServiceNames.of(config);
            names = n;
        }
        return n;
    }

    /**
     * Tells {@code listener} the current engine now and the latest one after every change, never under
     * this source's lock; close the returned handle to stop. A listener must be quick and must not throw.
     */
    public AutoCloseable subscribe(Consumer<LaneEngine> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        synchronized (notifyLock) {
            listener.accept(current.get());
        }
        return () -> listeners.remove(listener);
    }

    private void publish() {
        // Serialised and always re-reading the latest engine: the last call tells every listener the
        // newest engine, whatever order concurrent changes finished in.
        synchronized (notifyLock) {
            LaneEngine latest = current.get();
            for (Consumer<LaneEngine> listener : listeners) {
                listener.accept(latest);
            }
        }
    }

    @Override
    public String toString() {
        return "LaneEngineSource[services=" + current.get().table().services() + "]";
    }
}
