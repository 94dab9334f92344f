package io.graylane.library.servlet;

import io.graylane.core.GraylaneException;
import io.graylane.core.chain.Chain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A built chain and how many hold it: the filter's own reference plus one per request in flight. The
 * chain is closed when the last holder lets go after {@link #retire()}, so a request is served by one
 * chain from start to end and a replaced chain closes once drained. Thread-safe.
 */
final class ChainLease {

    private static final Logger log = LoggerFactory.getLogger(ChainLease.class);

    private final Chain chain;
    private final AtomicInteger holders = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();

    ChainLease(Chain chain) {
        this.chain = chain;
    }

    Chain chain() {
        return chain;
    }

    /** Holds the chain for one request; false once it has drained and closed (read the new one then). */
    boolean tryAcquire() {
        for (;;) {
            int n = holders.get();
            if (n == 0) {
                return false;
            }
            if (holders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Lets go of one hold; the last one closes the chain. */
    void release() {
        if (holders.decrementAndGet() == 0) {
            try {
                chain.close();
            } catch (GraylaneException e) {
                log.warn("Closing a replaced Graylane chain: {}", e.getMessage());
            }
        }
    }

    /** Drops the filter's own hold (once): the chain closes when in-flight requests have drained. */
    void retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    /** Whether the chain has been closed. */
    boolean isClosed() {
        return holders.get() == 0;
    }
}
