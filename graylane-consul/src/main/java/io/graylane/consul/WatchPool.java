package io.graylane.consul;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reference-counted, shared watches (Caddy's usage pool): {@link #acquire} returns a handle on the
 * watch for a key, creating and starting it on first use; every later acquire of an equal key shares
 * it; closing the last handle closes the watch. So an old and a new configuration snapshot that both
 * need a service share one blocking query across a reload, and a service nobody needs any more stops
 * being watched. Thread-safe.
 *
 * @param <K> the key (value equality: a record)
 * @param <T> the watched value
 */
public final class WatchPool<K, T> implements AutoCloseable {

    private final Function<? super K, Watch<T>> factory;
    private final Map<K, Entry<T>> entries = new LinkedHashMap<>();
    private boolean closed;

    private static final class Entry<T> {
        final Watch<T> watch;
        int references;

        Entry(Watch<T> watch) {
            this.watch = watch;
        }
    }

    /**
     * @param factory builds a (not yet started) watch for a key; called under the pool's lock, so it
     *                must only build, not block
     */
    public WatchPool(Function<? super K, Watch<T>> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** A handle on the shared watch for {@code key}, started if it is new. */
    public Handle<T> acquire(K key) {
        Objects.requireNonNull(key, "key");
        Watch<T> watch;
        boolean created = false;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("WatchPool is closed");
            }
            Entry<T> entry = entries.get(key);
            if (entry == null) {
                entry = new Entry<>(Objects.requireNonNull(factory.apply(key), "factory returned null"));
                entries.put(key, entry);
                created = true;
            }
            entry.references++;
            watch = entry.watch;
        }
        if (created) {
            watch.start();
        }
        return new Handle<>(watch, () -> release(key, watch));
    }

    /** A handle on the shared watch for {@code key} with {@code listener} subscribed (and told the current value). */
    public Handle<T> acquire(K key, WatchListener<? super T> listener) {
        Handle<T> handle = acquire(key);
        handle.subscribe(listener);
        return handle;
    }

    /** How many handles on {@code key}'s watch are open (0 when there is no watch). */
    public synchronized int references(K key) {
        Entry<T> entry = entries.get(key);
        return entry == null ? 0 : entry.references;
    }

    /** How many watches are running. */
    public synchronized int size() {
        return entries.size();
    }

    /** The state of every watch, by key. */
    public synchronized Map<K, WatchState> states() {
        Map<K, WatchState> out = new LinkedHashMap<>();
        entries.forEach((k, e) -> out.put(k, e.watch.state()));
        return out;
    }

    /** The watches, for inspection. */
    public synchronized List<Watch<T>> watches() {
        List<Watch<T>> out = new ArrayList<>();
        entries.values().forEach(e -> out.add(e.watch));
        return out;
    }

    /** Closes every watch; handles closed afterwards do nothing. */
    @Override
    public void close() {
        List<Watch<T>> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>();
            entries.values().forEach(e -> toClose.add(e.watch));
            entries.clear();
        }
        toClose.forEach(Watch::close);
    }

    private void release(K key, Watch<T> watch) {
        boolean last = false;
        synchronized (this) {
            Entry<T> entry = entries.get(key);
            // The entry may be a newer watch for the same key if this one was closed with the pool.
            if (entry != null && entry.watch == watch) {
                entry.references--;
                if (entry.references == 0) {
                    entries.remove(key);
                    last = true;
                }
            }
        }
        if (last) {
            watch.close();
        }
    }

    /**
     * One user's hold on a pooled watch. Listeners subscribed through it are removed when it closes.
     * {@link #close()} is idempotent. Thread-safe.
     *
     * @param <T> the watched value
     */
    public static final class Handle<T> implements Subscription {
        private final Watch<T> watch;
        private final Runnable release;
        private final List<Subscription> subscriptions = new ArrayList<>();
        private boolean closed;

        private Handle(Watch<T> watch, Runnable release) {
            this.watch = watch;
            this.release = release;
        }

        /** Subscribes {@code listener} for as long as this handle is open. */
        public synchronized Subscription subscribe(WatchListener<? super T> listener) {
            if (closed) {
                throw new IllegalStateException("handle is closed");
            }
            Subscription s = watch.subscribe(listener);
            subscriptions.add(s);
            return s;
        }

        /** The shared watch's current value. */
        public Optional<T> current() {
            return watch.current();
        }

        /** The shared watch's state. */
        public WatchState state() {
            return watch.state();
        }

        /** Whether this handle was closed. */
        public synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            List<Subscription> subs;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                subs = new ArrayList<>(subscriptions);
                subscriptions.clear();
            }
            subs.forEach(Subscription::close);
            release.run();
        }
    }
}
