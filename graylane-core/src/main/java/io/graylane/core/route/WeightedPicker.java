package io.graylane.core.route;

import io.graylane.core.model.Instance;

import java.util.ArrayDeque;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Weighted random choice over a fixed, non-empty instance list, in O(1) and without allocating:
 * equal weights are a uniform draw, mixed weights use Vose's alias method in exact integer
 * arithmetic (one column drawn uniformly, then the column's own instance or its alias), so each
 * instance is chosen with probability exactly weight / total. A binary search over cumulative
 * weights is kept for lists too large for the exact alias table. When every weight is 0 the choice
 * is uniform (weight 0 means "only when nothing else is there"). Immutable and thread-safe.
 */
public final class WeightedPicker {

    private final Instance[] instances;
    private final long total;
    /** Alias method: column i keeps instance i for draws below threshold[i] (of total), else alias[i]. */
    private final long[] threshold;
    private final int[] alias;
    /** Binary-search fallback: running sums of weights; {@code null} when the alias table is used. */
    private final long[] cumulative;
    /** Whether every instance has the same weight: one uniform draw suffices. */
    private final boolean uniform;

    /** Builds a picker; {@code instances} must not be empty. Zero-weight instances are dropped unless all are zero. */
    public static WeightedPicker of(List<Instance> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("instances: [] (expected: at least one instance)");
        }
        List<Instance> positive = instances.stream().filter(i -> i.weight() > 0).toList();
        return positive.isEmpty() ? new WeightedPicker(instances, true) : new WeightedPicker(positive, false);
    }

    private WeightedPicker(List<Instance> list, boolean allZero) {
        this.instances = list.toArray(new Instance[0]);
        int n = instances.length;
        long[] weights = new long[n];
        long sum = 0;
        boolean equal = true;
        for (int i = 0; i < n; i++) {
            weights[i] = allZero ? 1 : instances[i].weight();
            sum += weights[i];
            equal &= weights[i] == weights[0];
        }
        this.total = sum;
        this.uniform = equal;
        // Column capacity is total and instance i brings weight * n, so n * total must fit in a long.
        boolean aliasFits = Math.multiplyHigh(n, sum) == 0 && (long) n * sum >= 0;
        if (equal || !aliasFits) {
            this.threshold = null;
            this.alias = null;
            this.cumulative = equal ? null : cumulative(weights);
        } else {
            this.threshold = new long[n];
            this.alias = new int[n];
            this.cumulative = null;
            buildAlias(weights, sum, threshold, alias);
        }
    }

    private static long[] cumulative(long[] weights) {
        long[] cumulative = new long[weights.length];
        long sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        return cumulative;
    }

    /** Vose's alias method with integer masses: column i holds total units, instance i brings weight * n. */
    private static void buildAlias(long[] weights, long total, long[] threshold, int[] alias) {
        int n = weights.length;
        long[] mass = new long[n];
        ArrayDeque<Integer> small = new ArrayDeque<>();
        ArrayDeque<Integer> large = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            mass[i] = weights[i] * n;
            alias[i] = i;
            (mass[i] < total ? small : large).push(i);
        }
        while (!small.isEmpty() && !large.isEmpty()) {
            int s = small.pop();
            int l = large.pop();
            threshold[s] = mass[s];
            alias[s] = l;
            mass[l] -= total - mass[s];
            (mass[l] < total ? small : large).push(l);
        }
        // Exact integers leave only full columns here.
        while (!large.isEmpty()) {
            threshold[large.pop()] = total;
        }
        while (!small.isEmpty()) {
            threshold[small.pop()] = total;
        }
    }

    /** One instance, chosen with probability proportional to its weight. */
    public Instance pick(RandomGenerator random) {
        int n = instances.length;
        if (n == 1) {
            return instances[0];
        }
        if (uniform) {
            return instances[random.nextInt(n)];
        }
        if (threshold != null) {
            int column = random.nextInt(n);
            long r = total <= Integer.MAX_VALUE ? random.nextInt((int) total) : random.nextLong(total);
            return r < threshold[column] ? instances[column] : instances[alias[column]];
        }
        long r = random.nextLong(total);
        int lo = 0;
        int hi = n - 1;
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
