package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;

import java.util.List;

/**
 * Told what a {@link LiveChain} does, so an adapter can turn it into metrics and logs without core
 * depending on a metrics library. Every method has an empty default. Methods are called from the
 * updating thread (loads, swaps, rejections) or the chain's closer thread (drains), never under a lock
 * that requests take; implementations must be thread-safe and quick, and must not throw.
 */
public interface ChainListener {

    /** A listener that ignores everything. */
    ChainListener NONE = new ChainListener() {
    };

    /**
     * One entry's middleware was created (provisioned and validated by its factory), or failed to be.
     *
     * @param entry   the chain entry
     * @param success whether its factory returned a middleware
     * @param nanos   how long the factory took
     */
    default void loaded(ChainEntry entry, boolean success, long nanos) {
    }

    /**
     * A new chain went live.
     *
     * @param generation the new generation's number (1 for the first)
     * @param ids        ids of its middleware, in run order
     * @param buildNanos how long building it took, off to the side of the serving chain
     */
    default void swapped(long generation, List<String> ids, long buildNanos) {
    }

    /** A new chain could not be built; nothing changed. {@code error} names the entry (or plugin jar). */
    default void rejected(GraylaneException error) {
    }

    /**
     * A retired generation was closed.
     *
     * @param generation  its number
     * @param drainNanos  from its retirement to its close
     * @param deadlineHit whether the drain deadline passed with requests still in flight
     * @param stragglers  requests still in flight when it closed (0 unless the deadline was hit)
     */
    default void drained(long generation, long drainNanos, boolean deadlineHit, int stragglers) {
    }
}
