package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A hot-swappable middleware chain in front of a terminal handler, shared by the gateway and the
 * in-process library. Modeled on Caddy's reload: {@link #update} builds the whole new chain off to
 * the side (every entry created and validated by its factory, in {@link ChainOrder}; what was created
 * is closed again when one fails, and nothing changes), swaps one reference, then retires the old
 * {@link ChainGeneration}: it drains (in-flight requests finish on it) and is closed off the caller's
 * thread, or at the drain deadline at the latest. A request {@link #acquire}s a {@link ChainLease}
 * once, is served by that chain from start to end, and releases it.
 *
 * <pre>{@code
 * LiveChain<LaneEngine> live = LiveChain.builder(terminal).registry(registry).listener(metrics)
 *         .start(engine, config.chain());
 * ChainLease<LaneEngine> lease = live.acquire();
 * lease.handle(exchange).whenComplete((r, e) -> lease.release());
 * live.update(newEngine, newConfig.chain());   // throws, and changes nothing, when the chain is bad
 * }</pre>
 *
 * <p>An update whose entries equal the current ones (and whose registry is the same instance) keeps
 * the current chain, and the state of its middleware, and swaps the value only. Acquiring is
 * lock-free and allocates nothing; updates are serialized. Thread-safe.
 *
 * @param <S> a value published together with the chain, such as the lane engine
 */
public final class LiveChain<S> {

    private static final Logger log = LoggerFactory.getLogger(LiveChain.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Handler terminal;
    private final MiddlewareRegistry defaultRegistry;
    private final ChainListener listener;
    private final Duration drainDeadline;
    private final ScheduledThreadPoolExecutor closer;
    private final Consumer<ChainLease<?>> onPublish;
    private final AtomicReference<ChainLease<S>> current = new AtomicReference<>();
    private final Object lock = new Object();
    // Guarded by lock.
    private List<ChainEntry> entries;
    private MiddlewareRegistry registry;
    private long generations;
    private boolean closed;

    private LiveChain(Builder b) {
        this.terminal = b.terminal;
        this.defaultRegistry = b.registry;
        this.listener = b.listener;
        this.drainDeadline = b.drainDeadline;
        this.onPublish = b.onPublish;
        this.closer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "graylane-chain-closer-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        closer.setRemoveOnCancelPolicy(true);
        closer.setKeepAliveTime(10, TimeUnit.SECONDS);
        closer.allowCoreThreadTimeOut(true);
    }

    /** A builder of a live chain whose requests end at {@code terminal} (the proxy, or the application). */
    public static Builder builder(Handler terminal) {
        return new Builder(terminal);
    }

    /**
     * The snapshot for a request arriving now, with a reference on its chain taken: give it back with
     * {@link ChainLease#release()} exactly once. Lock-free; after {@link #close} it serves without a chain.
     */
    public ChainLease<S> acquire() {
        while (true) {
            ChainLease<S> s = current.get();
            ChainGeneration g = s.generation();
            if (g == null || g.tryAcquire()) {
                return s;
            }
            if (current.get() == s) {
                // Retired and drained with no successor: closed; serve without a chain.
                return new ChainLease<>(s.value(), null, terminal);
            }
            // Retired and drained between the read and the acquire: a newer snapshot is in place.
        }
    }

    /** The current snapshot, without taking a reference (for views and tests; requests use {@link #acquire}). */
    public ChainLease<S> current() {
        return current.get();
    }

    /**
     * Publishes {@code value} with a chain of {@code chainEntries} built from the builder's registry;
     * see {@link #update(Object, List, MiddlewareRegistry, AutoCloseable)}.
     */
    public void update(S value, List<ChainEntry> chainEntries) {
        update(value, chainEntries, defaultRegistry, null);
    }

    /**
     * Publishes {@code value} with a chain of {@code chainEntries} built from {@code with}. When the
     * entries and registry are those of the current chain, only the value is swapped. Otherwise the new
     * chain is built first; if that fails the listener is told, {@code resources} are closed and the
     * error is thrown: nothing changed. Then it is swapped in and the old generation retired.
     *
     * @param resources closed when the new generation is closed (or at once when it is not used), such
     *                  as the plugin class loaders its middleware come from; may be {@code null}
     * @throws GraylaneException naming the entry (or ordering problem) that failed
     */
    public void update(S value, List<ChainEntry> chainEntries, MiddlewareRegistry with, AutoCloseable resources) {
        Objects.requireNonNull(chainEntries, "chainEntries");
        Objects.requireNonNull(with, "registry");
        synchronized (lock) {
            ChainLease<S> old = current.get();
            if (closed || (old != null && chainEntries.equals(entries) && with == registry)) {
                publish(new ChainLease<>(value, closed ? null : old.generation(), terminal));
                closeQuietly(resources);
                return;
            }
            ChainGeneration built = build(chainEntries, with, resources);
            publish(new ChainLease<>(value, built, terminal));
            entries = List.copyOf(chainEntries);
            registry = with;
            if (old != null && old.generation() != null) {
                old.generation().retire(drainDeadline);
            }
        }
    }

    /** Makes {@code lease} current and tells the publish hook, before any old generation is retired. */
    private void publish(ChainLease<S> lease) {
        current.set(lease);
        onPublish.accept(lease);
    }

    private ChainGeneration build(List<ChainEntry> chainEntries, MiddlewareRegistry with, AutoCloseable resources) {
        long start = System.nanoTime();
        Chain chain;
        try {
            chain = Chain.build(chainEntries, with, terminal, listener);
        } catch (GraylaneException e) {
            closeQuietly(resources);
            tellRejected(e);
            throw e;
        } catch (RuntimeException | Error e) {
            closeQuietly(resources);
            tellRejected(new GraylaneException("chain: build failed: " + e, e));
            throw e;
        }
        long number = ++generations;
        List<String> ids = chain.ids();
        try {
            listener.swapped(number, ids, System.nanoTime() - start);
        } catch (RuntimeException e) {
            log.warn("chain listener failed on swapped: {}", e.toString(), e);
        }
        if (ids.isEmpty()) {
            chain.close();
            closeQuietly(resources);
            return null;
        }
        return new ChainGeneration(number, chain, resources, closer, listener);
    }

    private void tellRejected(GraylaneException e) {
        try {
            listener.rejected(e);
        } catch (RuntimeException ex) {
            log.warn("chain listener failed on rejected: {}", ex.toString(), ex);
        }
    }

    private static void closeQuietly(AutoCloseable resources) {
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                log.warn("closing unused chain resources failed: {}", e.toString(), e);
            }
        }
    }

    /** The value new requests are served with. */
    public S value() {
        return current.get().value();
    }

    /** The registry the current chain was built from. */
    public MiddlewareRegistry registry() {
        synchronized (lock) {
            return registry;
        }
    }

    /** Ids of the middleware new requests run through, in order (empty when there is no chain). */
    public List<String> ids() {
        ChainGeneration g = current.get().generation();
        return g == null ? List.of() : g.chain().ids();
    }

    /** Requests in flight on the current generation (0 when there is no chain). */
    public int inFlight() {
        ChainGeneration g = current.get().generation();
        return g == null ? 0 : g.inFlight();
    }

    /**
     * Retires the current chain (it closes once drained, or at the deadline); later updates swap the
     * value only. Idempotent.
     *
     * @return completes when the last chain has closed
     */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done;
        synchronized (lock) {
            closed = true;
            ChainLease<S> s = current.get();
            ChainGeneration g = s == null ? null : s.generation();
            if (g == null) {
                done = CompletableFuture.completedFuture(null);
            } else {
                g.retire(drainDeadline);
                done = g.closedFuture();
            }
        }
        return done.whenComplete((v, e) -> closer.shutdown());
    }

    /** Builds a {@link LiveChain}. Not thread-safe. */
    public static final class Builder {
        private final Handler terminal;
        private MiddlewareRegistry registry = MiddlewareRegistry.empty();
        private ChainListener listener = ChainListener.NONE;
        private Duration drainDeadline = Duration.ofSeconds(30);
        private Consumer<ChainLease<?>> onPublish = lease -> { };

        private Builder(Handler terminal) {
            this.terminal = Objects.requireNonNull(terminal, "terminal");
        }

        /** The middleware types {@link #update(Object, List)} builds from; default none. */
        public Builder registry(MiddlewareRegistry value) {
            this.registry = Objects.requireNonNull(value, "registry");
            return this;
        }

        /** Told about loads, swaps, rejections and drains; default {@link ChainListener#NONE}. */
        public Builder listener(ChainListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** How long a retired chain may drain before it is closed anyway; default 30s. */
        public Builder drainDeadline(Duration value) {
            this.drainDeadline = DurationChecks.nonNegative("drainDeadline", value);
            return this;
        }

        /**
         * Called with every snapshot made current, under the update lock and before the replaced
         * generation is retired: for an adapter that keeps its own reference next to the live chain's
         * (so its readers never see a retired generation while a newer one exists). Default none.
         */
        public Builder onPublish(Consumer<ChainLease<?>> hook) {
            this.onPublish = Objects.requireNonNull(hook, "onPublish");
            return this;
        }

        /**
         * A live chain serving {@code value} with a chain of {@code entries} at once.
         *
         * @throws GraylaneException when that chain cannot be built
         */
        public <S> LiveChain<S> start(S value, List<ChainEntry> entries) {
            return start(value, entries, registry, null);
        }

        /**
         * A live chain serving {@code value} with a chain of {@code entries} built from {@code with},
         * {@code resources} closed with it.
         *
         * @throws GraylaneException when that chain cannot be built (resources are closed)
         */
        public <S> LiveChain<S> start(S value, List<ChainEntry> entries, MiddlewareRegistry with, AutoCloseable resources) {
            LiveChain<S> live = new LiveChain<>(this);
            try {
                live.update(value, entries, with, resources);
            } catch (RuntimeException | Error e) {
                live.closer.shutdown();
                throw e;
            }
            return live;
        }
    }
}
