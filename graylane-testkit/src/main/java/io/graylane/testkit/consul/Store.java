package io.graylane.testkit.consul;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * All simulator state behind one lock. Every write signals one condition so blocking queries
 * re-check their result; simplicity beats speed here. Thread-safe.
 */
final class Store {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Datacenter> datacenters;
    private final String defaultDatacenter;
    // Bumped when open requests must end without an answer (outage, close); never rewound.
    private long generation;

    Store(String defaultDatacenter, List<String> datacenters, String nodeName) {
        Map<String, Datacenter> dcs = new LinkedHashMap<>();
        for (String dc : datacenters) {
            dcs.put(dc, new Datacenter(dc, nodeName));
        }
        this.datacenters = Collections.unmodifiableMap(dcs);
        this.defaultDatacenter = defaultDatacenter;
    }

    /** The datacenter, or null when the simulator does not know it. Call with the lock held. */
    Datacenter datacenter(String name) {
        return datacenters.get(name);
    }

    Datacenter defaultDatacenter() {
        return datacenters.get(defaultDatacenter);
    }

    Iterable<Datacenter> datacenters() {
        return datacenters.values();
    }

    List<String> datacenterNames() {
        return List.copyOf(datacenters.keySet());
    }

    <T> T read(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs a mutation and wakes every waiter so it can re-run its query. */
    <T> T write(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            changed.signalAll();
            lock.unlock();
        }
    }

    void write(Runnable action) {
        write(() -> {
            action.run();
            return null;
        });
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    long generation() {
        return generation;
    }

    /** Waits for a change, at most {@code nanos} (forever when negative). Call with the lock held. */
    void awaitChange(long nanos) {
        try {
            if (nanos < 0) {
                changed.await();
            } else {
                changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DroppedConnection();
        }
    }

    /** Wakes waiters without a data change (a fault toggled). */
    void signalAll() {
        write(() -> { });
    }

    /** Makes every waiting request end without an answer. */
    void abortWaiters() {
        write(() -> generation++);
    }

}
