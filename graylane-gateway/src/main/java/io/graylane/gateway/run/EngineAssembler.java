package io.graylane.gateway.run;

import io.graylane.consul.LastKnownGoodStore;
import io.graylane.consul.WatchSettings;
import io.graylane.consul.WatchState;
import io.graylane.core.config.ConsulDiscoverySettings;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import io.graylane.core.rule.RandomSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Puts engines together from the two things that change on their own: the configuration (from a
 * file or a Consul key) and the instances of the services it routes to (static ones from the config,
 * the others from Consul discovery). A configuration builds a whole new engine with the current
 * instances; an instance change makes {@code engine.withInstances(service, instances)}; either way the
 * new snapshot goes to the listener ({@code GatewayServer.updateEngine}).
 *
 * <p>Everything runs on one daemon thread ({@code graylane-engine}), so changes are applied and
 * told in the order they happened, and the listener is never called under a lock. A configuration is
 * applied synchronously for its source ({@link #apply} waits), so a refusal (a build or a listener
 * that throws) reaches the source, which keeps the previous configuration; discovery changes are
 * queued. Thread-safe.
 */
final class EngineAssembler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineAssembler.class);

    private final ConsulAccess consul;
    private final WatchSettings watchSettings;
    private final RandomSource random;
    private final ExecutorService thread;
    private final Object deliveries = new Object();

    private volatile EngineSnapshot serving;
    private volatile DiscoveryLink link;

    // Confined to the engine thread.
    private Consumer<EngineSnapshot> listener;
    private long linkGeneration;
    private Set<String> consulServices = Set.of();
    private final Map<String, List<Instance>> discovered = new HashMap<>();
    private boolean closed;

    // Guarded by deliveries: Consul services not told by the current link yet.
    private final Set<String> pending = new HashSet<>();

    EngineAssembler(ConsulAccess consul, WatchSettings watchSettings, RandomSource random) {
        this.consul = consul;
        this.watchSettings = watchSettings;
        this.random = random;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "graylane-engine");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Builds the engine of {@code config} with the current instances, tells the listener (if watching),
     * then makes it current and points discovery at the config's Consul services.
     *
     * @throws RuntimeException when the engine cannot be built or the listener refuses it: nothing changed
     */
    EngineSnapshot apply(GraylaneConfig config, String version, String origin) {
        return onEngineThread(() -> applyNow(config, version, origin));
    }

    /** From now on, tells {@code listener} every new snapshot; first the current one unless it is {@code alreadyServing}. */
    void watch(Consumer<EngineSnapshot> listener, EngineSnapshot alreadyServing) {
        onEngineThread(() -> {
            this.listener = listener;
            if (serving != null && serving != alreadyServing) {
                tell(serving);
            }
            return null;
        });
    }

    /**
     * Waits until Consul (or the last-known-good state) has told the instances of every Consul service
     * of the current configuration, at most {@code timeout}.
     *
     * @return the services still without instances
     */
    Set<String> awaitInstances(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (deliveries) {
            long left;
            while (!pending.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(deliveries, left);
            }
            return new TreeSet<>(pending);
        }
    }

    /** The snapshot serving now, or {@code null} before the first configuration. */
    EngineSnapshot current() {
        return serving;
    }

    /** What discovery does now, for logs: {@code instances of orders, web from Consul at http://…}. */
    String discoveryDescription() {
        DiscoveryLink l = link;
        EngineSnapshot s = serving;
        if (l == null || s == null) {
            return "static instances only";
        }
        return "instances of " + String.join(", ", new TreeSet<>(DiscoveryLink.consulServices(s.config())))
                + " from Consul at " + l.key().client().address();
    }

    /** Whether any Consul service is served from the last-known-good state. */
    boolean discoveryServingFromLastKnownGood() {
        DiscoveryLink l = link;
        return l != null && l.servingFromLastKnownGood();
    }

    /** The state of every service watch; empty without Consul discovery. */
    List<WatchState> discoveryStates() {
        DiscoveryLink l = link;
        return l == null ? List.of() : l.states();
    }

    /** Stops discovery and the engine thread; the snapshot serving stays what it was. Idempotent. */
    @Override
    public void close() {
        try {
            onEngineThread(() -> {
                closed = true;
                closeLink();
                return null;
            });
        } catch (IllegalStateException e) {
            // Already closed.
        }
        thread.shutdown();
    }

    // ------------------------------------------------------------------ engine thread only

    private EngineSnapshot applyNow(GraylaneConfig config, String version, String origin) {
        if (closed) {
            throw new IllegalStateException("the gateway is stopping");
        }
        Set<String> services = DiscoveryLink.consulServices(config);
        DiscoveryLink.Key key = config.consulDiscovery() == null ? null : linkKey(config.consulDiscovery());
        LaneEngine engine = LaneEngine.create(config, instances(config, services), random);
        EngineSnapshot next = new EngineSnapshot(engine, version, origin);
        // Told before anything changes here: a listener that throws refuses the configuration.
        if (listener != null) {
            listener.accept(next);
        }
        serving = next;
        Set<String> before = consulServices;
        consulServices = services;
        discovered.keySet().retainAll(services);
        follow(config, key, services, before);
        return next;
    }

    private void follow(GraylaneConfig config, DiscoveryLink.Key key, Set<String> services, Set<String> before) {
        DiscoveryLink current = link;
        if (key == null) {
            if (current != null) {
                log.info("Consul discovery is off: serving static instances only");
                closeLink();
            }
            resetPending(Set.of());
            return;
        }
        if (current != null && current.key().equals(key)) {
            markPending(services);
            current.follow(config, services);
            if (!before.equals(services)) {
                log.info("Consul discovery: now {}", services.isEmpty() ? "no routed service needs it"
                        : "watching " + String.join(", ", new TreeSet<>(services)));
            }
            return;
        }
        // A new connection (first, or address, token, wait or stale changed): the instances the old one
        // told keep serving until the new one tells its own.
        closeLink();
        long generation = ++linkGeneration;
        resetPending(services);
        LastKnownGoodStore store = consul.store().orElse(null);
        link = new DiscoveryLink(key, store, config, services,
                (service, instances) -> discovered(generation, service, instances));
        ConsulDiscoverySettings s = config.consulDiscovery();
        log.info("Consul discovery from {} (token {}, wait {}, onlyPassing {}, stale {}, query {}{}): {}",
                key.client().address(), key.client().hasToken() ? "set" : "none", goDuration(s.waitTime()),
                s.onlyPassing(), s.stale(), s.query(), s.services().isEmpty() ? "" : ", per service " + s.services(),
                services.isEmpty() ? "no routed service needs it" : String.join(", ", new TreeSet<>(services)));
    }

    private DiscoveryLink.Key linkKey(ConsulDiscoverySettings s) {
        WatchSettings settings = watchSettings.toBuilder().waitTime(s.waitTime()).build();
        return new DiscoveryLink.Key(consul.discoveryClient(s), settings, s.stale());
    }

    private void closeLink() {
        DiscoveryLink l = link;
        link = null;
        if (l != null) {
            l.close();
        }
    }

    /** Called on a discovery thread: queues the change for the engine thread. */
    private void discovered(long generation, String service, List<Instance> instances) {
        try {
            thread.execute(() -> applyInstances(generation, service, instances));
        } catch (RejectedExecutionException e) {
            // Stopping: the change has nowhere to go.
        }
    }

    private void applyInstances(long generation, String service, List<Instance> instances) {
        if (closed || generation != linkGeneration || !consulServices.contains(service)) {
            return; // from a link or a configuration that is no longer current
        }
        discovered.put(service, instances);
        synchronized (deliveries) {
            pending.remove(service);
            deliveries.notifyAll();
        }
        EngineSnapshot current = serving;
        List<Instance> routable = routable(current.config(), instances);
        EngineSnapshot next = new EngineSnapshot(current.engine().withInstances(service, routable), current.version(),
                current.origin());
        serving = next;
        log.info("Consul discovery: {} has {} instance(s), {} taking traffic", service, instances.size(),
                routable.stream().filter(i -> i.health().isHealthy()).count());
        if (listener != null) {
            tell(next);
        }
    }

    private void tell(EngineSnapshot snapshot) {
        try {
            listener.accept(snapshot);
        } catch (RuntimeException e) {
            log.error("{}: could not swap in the engine for an instance change", snapshot, e);
        }
    }

    /** Static instances for the services listed there, Consul's (so far) for {@code services}. */
    private Map<String, List<Instance>> instances(GraylaneConfig config, Set<String> services) {
        Map<String, List<Instance>> out = new LinkedHashMap<>(config.staticInstances());
        for (String service : services) {
            List<Instance> known = discovered.get(service);
            if (known != null) {
                out.put(service, routable(config, known));
            }
        }
        return out;
    }

    /** With {@code onlyPassing}, what {@code ?passing} would return: instances whose every check passes. */
    private static List<Instance> routable(GraylaneConfig config, List<Instance> instances) {
        ConsulDiscoverySettings s = config.consulDiscovery();
        if (s == null || !s.onlyPassing()) {
            return instances;
        }
        return instances.stream().filter(i -> i.health() == Health.PASSING).toList();
    }

    private void resetPending(Set<String> services) {
        synchronized (deliveries) {
            pending.clear();
            pending.addAll(services);
            deliveries.notifyAll();
        }
    }

    private void markPending(Set<String> services) {
        synchronized (deliveries) {
            pending.retainAll(services);
            for (String s : services) {
                if (!discovered.containsKey(s)) {
                    pending.add(s);
                }
            }
            deliveries.notifyAll();
        }
    }

    /** {@code 1m}, {@code 30s}, {@code 1500ms}: a wait the way it is written in the config. */
    private static String goDuration(Duration d) {
        long ms = d.toMillis();
        return ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private <T> T onEngineThread(Callable<T> work) {
        Future<T> f;
        try {
            f = thread.submit(work);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the gateway is stopping", e);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        }
    }
}
