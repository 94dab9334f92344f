package io.graylane.core.rule;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a {@link Condition.Random} condition draws from: one basis point, uniformly in 0..9999, per
 * evaluation. Injected so that tests and replays are deterministic. Implementations used by a shared
 * {@link Colorer} must be thread-safe.
 */
@FunctionalInterface
public interface RandomSource {

    /** The next draw, uniformly distributed in 0..9999. */
    int nextBasisPoint();

    /** The production source: {@link ThreadLocalRandom}; thread-safe and allocation-free. */
    static RandomSource threadLocal() {
        return () -> ThreadLocalRandom.current().nextInt(StickyHash.BUCKETS);
    }
}
