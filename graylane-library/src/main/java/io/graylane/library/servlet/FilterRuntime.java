package io.graylane.library.servlet;

import io.graylane.core.chain.Chain;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.engine.LaneEngine;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The filter's engine and chain, swapped together through one reference. A new engine whose
 * configuration has the same chain entries keeps the built chain; otherwise the new chain is built off
 * to the side (a failure leaves the old one serving), swapped in, and the old one retired to close
 * after its in-flight requests drain. Thread-safe.
 */
final class FilterRuntime {

    /** What one request is served with. */
    record Snapshot(LaneEngine engine, ChainLease lease) {
        Chain chain() {
            return lease.chain();
        }
    }

    private final MiddlewareRegistry registry;
    private final Handler terminal;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private volatile boolean closed;

    FilterRuntime(MiddlewareRegistry registry, Handler terminal) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    /**
     * Serves {@code engine} from now on.
     *
     * @throws io.graylane.core.GraylaneException naming the chain entry that could not be built; the
     *                                            previous engine and chain keep serving
     */
    synchronized void update(LaneEngine engine) {
        Objects.requireNonNull(engine, "engine");
        if (closed) {
            throw new IllegalStateException("GraylaneFilter is destroyed");
        }
        Snapshot old = current.get();
        if (old != null && old.engine() == engine) {
            return;
        }
        if (old != null && old.engine().config().chain().equals(engine.config().chain())) {
            current.set(new Snapshot(engine, old.lease()));
            return;
        }
        Chain chain = Chain.build(engine.config().chain(), registry, terminal);
        current.set(new Snapshot(engine, new ChainLease(chain)));
        if (old != null) {
            old.lease().retire();
        }
    }

    /** Whether an engine has been set. */
    boolean isReady() {
        return current.get() != null;
    }

    /** The current snapshot, held for one request: {@link ChainLease#release()} it when done. */
    Snapshot acquire() {
        for (;;) {
            Snapshot s = current.get();
            if (s == null) {
                throw new IllegalStateException(closed ? "GraylaneFilter is destroyed"
                        : "GraylaneFilter has no engine (expected: init() or a builder-made filter)");
            }
            if (s.lease().tryAcquire()) {
                return s;
            }
            // That chain drained and closed after a swap: the reference already holds the new one.
        }
    }

    /** The current snapshot without holding it (for status and tests). */
    Snapshot peek() {
        return current.get();
    }

    /** Retires the current chain; it closes when its requests have drained. */
    synchronized void close() {
        closed = true;
        Snapshot s = current.get();
        current.set(null);
        if (s != null) {
            s.lease().retire();
        }
    }
}
