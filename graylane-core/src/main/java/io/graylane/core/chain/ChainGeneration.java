package io.graylane.core.chain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One built chain of a {@link LiveChain} and the requests it serves, reference-counted: the live
 * chain holds one reference while the generation is current, every request holds one from
 * {@link #tryAcquire} to {@link #release}. When a swap retires it, it drains: the last release closes
 * the chain and then its resources (such as plugin class loaders), off the caller's thread. A request
 * that arrives after the count reached zero cannot acquire it and reads the newer generation instead,
 * so a request is served by exactly one chain from start to end.
 *
 * <p>Drain deadline: when requests are still in flight when the deadline passes, the generation is
 * closed anyway and the listener is told ({@link ChainListener#drained} with {@code deadlineHit}).
 * Those stragglers are not cut off: they keep the handlers they hold and complete their responses;
 * their later releases do nothing, and a middleware whose resource was closed under them fails only
 * that request (a {@code recover} entry turns it into an error response). The deadline exists so that
 * a hung request cannot pin a replaced plugin's class loader for ever. Thread-safe.
 */
public final class ChainGeneration {

    private static final Logger log = LoggerFactory.getLogger(ChainGeneration.class);

    private final long number;
    private final Chain chain;
    private final AutoCloseable resources;
    private final ScheduledExecutorService closer;
    private final ChainListener listener;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean retired;
    private volatile long retiredAt;
    private volatile ScheduledFuture<?> deadline;

    ChainGeneration(long number, Chain chain, AutoCloseable resources, ScheduledExecutorService closer,
                    ChainListener listener) {
        this.number = number;
        this.chain = chain;
        this.resources = resources;
        this.closer = closer;
        this.listener = listener;
    }

    /** Its number: 1 for the first chain a {@link LiveChain} built, then one more per rebuild. */
    public long number() {
        return number;
    }

    /** The chain a request runs through once it holds a reference. */
    public Chain chain() {
        return chain;
    }

    /**
     * Takes a reference for one request.
     *
     * @return {@code false} once the generation was retired and drained (or closed at its deadline):
     * read the live chain's current generation again
     */
    public boolean tryAcquire() {
        for (int n = references.get(); n > 0; n = references.get()) {
            if (references.compareAndSet(n, n + 1)) {
                if (closing.get()) {
                    // Closed at the drain deadline while stragglers still held references.
                    references.decrementAndGet();
                    return false;
                }
                return true;
            }
        }
        return false;
    }

    /** Gives back a request's reference, exactly once per successful {@link #tryAcquire}; the last one closes a retired generation. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            closeAsync(false, 0);
        }
    }

    /** Requests in flight on this generation. */
    public int inFlight() {
        int n = references.get();
        return retired || n == 0 ? n : n - 1;
    }

    /** Whether a swap replaced it (it may still be draining). */
    public boolean retired() {
        return retired;
    }

    /** Completes once the chain and its resources were closed. */
    public CompletableFuture<Void> closedFuture() {
        return closed;
    }

    /** Drops the live chain's reference and starts the drain; called once, by the live chain, under its lock. */
    void retire(Duration drainDeadline) {
        if (retired) {
            return;
        }
        retiredAt = System.nanoTime();
        retired = true;
        try {
            deadline = closer.schedule(() -> {
                int stragglers = Math.max(0, references.get());
                if (stragglers > 0) {
                    closeAsync(true, stragglers);
                }
            }, drainDeadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            deadline = null; // the closer is shut down: only a drain closes it now
        }
        release();
    }

    private void closeAsync(boolean deadlineHit, int stragglers) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timer = deadline;
        if (timer != null && !deadlineHit) {
            timer.cancel(false);
        }
        try {
            closer.execute(() -> closeNow(deadlineHit, stragglers));
        } catch (RejectedExecutionException e) {
            closeNow(deadlineHit, stragglers);
        }
    }

    private void closeNow(boolean deadlineHit, int stragglers) {
        try {
            if (deadlineHit) {
                log.warn("middleware chain {} (generation {}): {} request(s) still in flight at the drain deadline;"
                        + " closing it anyway, they finish on what they hold", chain.ids(), number, stragglers);
            }
            try {
                chain.close();
            } catch (RuntimeException e) {
                log.warn("closing middleware chain {} failed: {}", chain.ids(), e.getMessage(), e);
            }
            if (resources != null) {
                try {
                    resources.close();
                } catch (Exception e) {
                    log.warn("closing the resources of middleware chain {} failed: {}", chain.ids(), e.toString(), e);
                }
            }
            try {
                listener.drained(number, retiredAt == 0 ? 0 : System.nanoTime() - retiredAt, deadlineHit, stragglers);
            } catch (RuntimeException e) {
                log.warn("chain listener failed on drained: {}", e.toString(), e);
            }
            log.debug("closed middleware chain {} (generation {})", chain.ids(), number);
        } finally {
            closed.complete(null);
        }
    }

    @Override
    public String toString() {
        return "ChainGeneration[" + number + ", " + chain.ids() + ", inFlight=" + inFlight() + "]";
    }
}
