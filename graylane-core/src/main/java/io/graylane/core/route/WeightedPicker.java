package io.graylane.core.route;

import io.graylane.core.model.Instance;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Weighted random choice over a fixed, non-empty instance list: cumulative weights and a binary
 * search, so a pick is O(log n) and allocates nothing. When every weight is 0 the choice is uniform
 * (weight 0 means "only when nothing else is there"). Immutable and thread-safe.
 */
public final class WeightedPicker {

    private final Instance[] instances;
    private final long[] cumulative;
    private final long total;

    /** Builds a picker; {@code instances} must not be empty. Zero-weight instances are dropped unless all are zero. */
    public static WeightedPicker of(List<Instance> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("instances: [] (expected: at least one instance)");
        }
        List<Instance> positive = instances.stream().filter(i -> i.weight() > 0).toList();
        return positive.isEmpty() ? new WeightedPicker(instances, true) : new WeightedPicker(positive, false);
    }

    private WeightedPicker(List<Instance> list, boolean uniform) {
        this.instances = list.toArray(new Instance[0]);
        this.cumulative = new long[instances.length];
        long sum = 0;
        for (int i = 0; i < instances.length; i++) {
            sum += uniform ? 1 : instances[i].weight();
            cumulative[i] = sum;
        }
        this.total = sum;
    }

    /** One instance, chosen with probability proportional to its weight. */
    public Instance pick(RandomGenerator random) {
        if (instances.length == 1) {
            return instances[0];
        }
        long r = random.nextLong(total);
        int lo = 0;
        int hi = instances.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return instances[lo];
    }

    /** Sum of weights (or the count when all weights are 0). */
    public long totalWeight() {
        return total;
    }

    /** Number of instances that can be picked. */
    public int size() {
        return instances.length;
    }
}
