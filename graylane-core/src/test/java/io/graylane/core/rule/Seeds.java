package io.graylane.core.rule;

import java.util.SplittableRandom;

/** Seeds for randomized tests: printed, and replayable with {@code -Dgraylane.seed=N}. */
final class Seeds {

    private Seeds() {
    }

    /** A fresh seed, or the one given as {@code -Dgraylane.seed}; printed either way. */
    static long seed(String test) {
        String given = System.getProperty("graylane.seed");
        long seed = given != null && !given.isBlank() ? Long.parseLong(given.trim()) : new SplittableRandom().nextLong();
        System.out.println(test + ": graylane.seed=" + seed + " (replay with -Dgraylane.seed=" + seed + ")");
        return seed;
    }
}
