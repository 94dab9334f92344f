package io.graylane.consul;

import io.graylane.consul.internal.Backoff;
import io.graylane.consul.internal.BlockingIndex;
import io.graylane.consul.internal.GoDuration;
import io.graylane.consul.internal.SerialExecutor;
import io.graylane.consul.internal.TokenBucket;
import io.graylane.consul.internal.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A Consul blocking-query loop: it reads, blocks on the returned index, reads again, and tells its
 * listeners only when the value changed (consecutive identical results publish nothing). It obeys
 * every rule of Consul's blocking queries:
 * <ul>
 *   <li>the index resets to 0 when it goes backwards, is kept &gt;= 1, and resets to 0 after any
 *       error ({@link BlockingIndex#next});</li>
 *   <li>re-queries are rate-limited by a token bucket (burst 2 by default), so a server that answers
 *       at once cannot make the loop spin;</li>
 *   <li>errors back off exponentially with jitter, bounded by {@link WatchSettings#backoffMax()};</li>
 *   <li>the read time-out exceeds {@code wait × 17/16} (the client adds the margin).</li>
 * </ul>
 * Reads are asynchronous: no thread waits for Consul. Everything one watch does runs one step at a
 * time on the given scheduler, and listeners are called there, never under a lock.
 *
 * <p>A watch may have a <em>fallback</em>, the last-known-good value: when the first read fails and
 * nothing has been published, it is published (with index 0) and {@link WatchState#servingFallback()}
 * is true until Consul answers. Thread-safe.
 *
 * @param <T> the watched value; must have value equality (records, lists, {@code Optional})
 */
public final class Watch<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Watch.class);
    private static final QueryMeta FALLBACK_META = new QueryMeta(0, false, Duration.ZERO);

    /** One blocking read: the value at {@code index}, waiting up to {@code wait} ({@code null}: the client default). */
    @FunctionalInterface
    public interface Query<T> {
        CompletableFuture<ConsulResponse<T>> read(long index, Duration wait);
    }

    private final String name;
    private final Query<T> query;
    private final WatchSettings settings;
    private final ScheduledExecutorService scheduler;
    private final SerialExecutor serial;
    private final TokenBucket bucket;
    private final Backoff backoff;
    private final Clock clock;
    private final Supplier<? extends T> fallback;
    private final CopyOnWriteArrayList<Sub> subs = new CopyOnWriteArrayList<>();
    private final AtomicReference<WatchState> state;
    private final AtomicReference<Published<T>> published = new AtomicReference<>();

    // Confined to the serial executor.
    private long nextIndex;
    private int errors;
    private Throwable lastError;
    private long sequence;
    private boolean fallbackTried;
    private boolean started;

    private volatile boolean closed;
    private volatile Future<?> inFlight;

    private record Published<T>(T value, QueryMeta meta, long sequence, boolean fallback) {
    }

    private final class Sub implements Subscription {
        final WatchListener<? super T> listener;
        long delivered;

        Sub(WatchListener<? super T> listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            subs.remove(this);
        }
    }

    private Watch(Builder<T> b) {
        this.name = b.name;
        this.query = b.query;
        this.settings = b.settings;
        this.scheduler = b.scheduler;
        this.serial = new SerialExecutor(b.scheduler);
        this.bucket = new TokenBucket(settings.ratePerSecond(), settings.burst(), System::nanoTime);
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), b.random);
        this.clock = b.clock;
        this.fallback = b.fallback;
        this.state = new AtomicReference<>(new WatchState(name, false, 0, 0, 0, 0, null, null, "", false));
    }

    /** A builder for a watch called {@code name} that issues {@code query}. */
    public static <T> Builder<T> builder(String name, Query<T> query) {
        return new Builder<>(name, query);
    }

    /** Starts the loop (once; later calls do nothing). Returns this watch. */
    public Watch<T> start() {
        serial.execute(() -> {
            if (started || closed) {
                return;
            }
            started = true;
            updateState(s -> new WatchState(name, !closed, 0, 0, 0, 0, clock.instant(), null, "", false));
            issue();
        });
        return this;
    }

    /**
     * Adds a listener. It is told the current value (and, if the watch has no value and is failing,
     * the error) soon after, then every change. Close the returned subscription to remove it.
     */
    public Subscription subscribe(WatchListener<? super T> listener) {
        Sub sub = new Sub(Objects.requireNonNull(listener, "listener"));
        subs.add(sub);
        serial.execute(() -> replay(sub));
        return sub;
    }

    /** The value last published, if any. */
    public Optional<T> current() {
        Published<T> p = published.get();
        return p == null ? Optional.empty() : Optional.of(p.value());
    }

    /** The current state, for metrics. */
    public WatchState state() {
        return state.get();
    }

    /** The watch's name. */
    public String name() {
        return name;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the loop: cancels the read in flight and any pending timer; listeners hear nothing more. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Future<?> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
        subs.clear();
        updateState(s -> new WatchState(s.name(), false, s.index(), s.requests(), s.changes(),
                s.consecutiveErrors(), s.started(), s.lastSuccess(), s.lastError(), s.servingFallback()));
    }

    // ------------------------------------------------------------------ the loop (serial executor only)

    private void issue() {
        if (closed) {
            return;
        }
        long delay = bucket.reserve();
        if (delay > 0) {
            schedule(delay);
        } else {
            send();
        }
    }

    private void schedule(long delayNanos) {
        try {
            inFlight = scheduler.schedule(() -> serial.execute(this::send), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            closeQuietlyBecauseSchedulerStopped();
        }
    }

    private void send() {
        if (closed) {
            return;
        }
        long index = nextIndex;
        updateState(s -> new WatchState(name, !closed, index, s.requests() + 1, s.changes(), s.consecutiveErrors(),
                s.started(), s.lastSuccess(), s.lastError(), s.servingFallback()));
        CompletableFuture<ConsulResponse<T>> future;
        try {
            future = query.read(index, settings.waitTime());
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        inFlight = future;
        future.whenComplete((response, error) -> serial.execute(() -> complete(index, response, error)));
        if (closed) {
            future.cancel(true);
        }
    }

    private void complete(long sent, ConsulResponse<T> response, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null) {
            failed(Transport.unwrap(error));
            return;
        }
        int hadErrors = errors;
        errors = 0;
        long returned = response.meta().index();
        nextIndex = BlockingIndex.next(sent, returned);
        if (returned < sent) {
            log.info("Consul watch {}: index went backwards ({} -> {}); re-reading from 0", name, sent, returned);
        }
        if (hadErrors > 0) {
            log.info("Consul watch {}: recovered after {} failed read(s)", name, hadErrors);
        }
        Published<T> current = published.get();
        boolean wasFallback = current != null && current.fallback();
        boolean changed = current == null || !Objects.equals(current.value(), response.value());
        Instant now = clock.instant();
        updateState(s -> new WatchState(name, !closed, nextIndex, s.requests(), s.changes() + (changed ? 1 : 0), 0,
                s.started(), now, "", false));
        if (changed) {
            publish(response.value(), response.meta(), false);
        } else if (wasFallback) {
            // Consul confirmed the fallback: same value, now from Consul. Nothing to tell listeners.
            published.set(new Published<>(current.value(), response.meta(), current.sequence(), false));
        }
        issue();
    }

    private void failed(Throwable error) {
        errors++;
        lastError = error;
        nextIndex = BlockingIndex.AFTER_ERROR;
        long delay = backoff.delayNanos(errors);
        String message = String.valueOf(error.getMessage());
        if (errors == 1) {
            log.warn("Consul watch {}: read failed, retrying with back-off (index reset to 0): {}", name, message);
        } else {
            log.debug("Consul watch {}: read failed {} times in a row, next try in {}: {}", name, errors,
                    GoDuration.format(Duration.ofNanos(delay)), message);
        }
        int errorCount = errors;
        updateState(s -> new WatchState(name, !closed, 0, s.requests(), s.changes(), errorCount, s.started(),
                s.lastSuccess(), message, s.servingFallback()));
        if (published.get() == null && !fallbackTried && fallback != null) {
            fallbackTried = true;
            T value = null;
            try {
                value = fallback.get();
            } catch (RuntimeException e) {
                log.warn("Consul watch {}: the fallback could not be read: {}", name, e.toString());
            }
            if (value != null) {
                updateState(s -> new WatchState(name, !closed, s.index(), s.requests(), s.changes() + 1,
                        s.consecutiveErrors(), s.started(), s.lastSuccess(), s.lastError(), true));
                publish(value, FALLBACK_META, true);
            }
        }
        WatchState snapshot = state.get();
        for (Sub sub : subs) {
            try {
                sub.listener.onError(error, snapshot);
            } catch (RuntimeException e) {
                log.warn("Consul watch {}: a listener failed in onError", name, e);
            }
        }
        // Back-off first, then the token bucket on top: both bound how often a failing Consul is asked.
        schedule(delay + bucket.reserve());
    }

    private void publish(T value, QueryMeta meta, boolean isFallback) {
        Published<T> p = new Published<>(value, meta, ++sequence, isFallback);
        published.set(p);
        for (Sub sub : subs) {
            deliver(sub, p);
        }
    }

    private void replay(Sub sub) {
        if (closed || !subs.contains(sub)) {
            return;
        }
        Published<T> p = published.get();
        if (p != null) {
            deliver(sub, p);
        } else if (errors > 0 && lastError != null) {
            try {
                sub.listener.onError(lastError, state.get());
            } catch (RuntimeException e) {
                log.warn("Consul watch {}: a listener failed in onError", name, e);
            }
        }
    }

    private void deliver(Sub sub, Published<T> p) {
        if (sub.delivered >= p.sequence()) {
            return;
        }
        sub.delivered = p.sequence();
        try {
            sub.listener.onChange(p.value(), p.meta());
        } catch (RuntimeException e) {
            log.warn("Consul watch {}: a listener failed", name, e);
        }
    }

    private void updateState(java.util.function.UnaryOperator<WatchState> f) {
        state.updateAndGet(f);
    }

    private void closeQuietlyBecauseSchedulerStopped() {
        if (!closed) {
            log.debug("Consul watch {}: scheduler stopped; closing", name);
            close();
        }
    }

    /** Builds a {@link Watch}; not thread-safe. */
    public static final class Builder<T> {
        private final String name;
        private final Query<T> query;
        private WatchSettings settings = WatchSettings.DEFAULT;
        private ScheduledExecutorService scheduler;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = RandomGenerator.getDefault();
        private Supplier<? extends T> fallback;

        private Builder(String name, Query<T> query) {
            this.name = Objects.requireNonNull(name, "name");
            this.query = Objects.requireNonNull(query, "query");
        }

        /** Wait, rate limit and back-off; default {@link WatchSettings#DEFAULT}. */
        public Builder<T> settings(WatchSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** Where the loop's steps and listener calls run (required); the watch never shuts it down. */
        public Builder<T> scheduler(ScheduledExecutorService value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** Clock for {@link WatchState} times; default UTC system clock. */
        public Builder<T> clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Randomness for back-off jitter; default {@link RandomGenerator#getDefault()}. */
        public Builder<T> random(RandomGenerator value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /** The value to serve when the first read fails (the last-known-good); returns {@code null} when there is none. */
        public Builder<T> fallback(Supplier<? extends T> value) {
            this.fallback = Objects.requireNonNull(value, "fallback");
            return this;
        }

        /** The watch, not yet started. */
        public Watch<T> build() {
            if (scheduler == null) {
                throw new IllegalStateException("scheduler: null (expected: a ScheduledExecutorService)");
            }
            return new Watch<>(this);
        }
    }
}
