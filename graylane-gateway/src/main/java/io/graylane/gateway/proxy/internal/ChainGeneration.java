package io.graylane.gateway.proxy.internal;

import io.graylane.core.chain.Chain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One built middleware chain and the requests it serves, reference-counted: the snapshot that
 * publishes it holds one reference, every request it serves holds one from arrival until both its
 * exchange is over and the chain's stage for it has completed. {@link #retire()} drops the snapshot's
 * reference when a swap replaces the chain; the last release closes the chain (off the event loop, as
 * a middleware's close may block). A request that arrives after the count reached zero cannot acquire
 * it and reads the newer snapshot instead, so a request is served by exactly one chain from start to
 * end. Thread-safe.
 */
final class ChainGeneration {

    private static final Logger log = LoggerFactory.getLogger(ChainGeneration.class);

    private final Chain chain;
    private final AtomicInteger references = new AtomicInteger(1);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Set once, by the (single) swapping thread, under the holder's lock. */
    private volatile boolean retired;

    ChainGeneration(Chain chain) {
        this.chain = chain;
    }

    Chain chain() {
        return chain;
    }

    /** Takes a reference for one request; {@code false} once the chain was retired and drained. */
    boolean tryAcquire() {
        for (int n = references.get(); n > 0; n = references.get()) {
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives back a request's reference; the last one closes the chain. */
    void release() {
        if (references.decrementAndGet() == 0) {
            CompletableFuture.runAsync(this::closeNow);
        }
    }

    /** Drops the publishing snapshot's reference: the chain closes when its requests have drained. */
    void retire() {
        if (!retired) {
            retired = true;
            release();
        }
    }

    /** Requests in flight on this chain. */
    int inFlight() {
        int n = references.get();
        return retired || n == 0 ? n : n - 1;
    }

    /** Completes when the chain has been closed. */
    CompletableFuture<Void> closedFuture() {
        return closed;
    }

    private void closeNow() {
        try {
            chain.close();
            log.debug("closed middleware chain {}", chain.ids());
        } catch (RuntimeException e) {
            log.warn("closing middleware chain {} failed: {}", chain.ids(), e.getMessage(), e);
        } finally {
            closed.complete(null);
        }
    }
}
