package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves the {@code after}/{@code before} constraints of chain entries into the order they run in:
 * a topological sort that keeps the declared order wherever the constraints leave it free (stable).
 * Entries are placed in declared order, each right after the entries it must follow that are not
 * placed yet, so an entry moves only as far as a constraint needs and a chain without constraints
 * runs exactly as written. Disabled entries take part (constraints may name them) and are skipped when
 * the chain is built. Stateless and thread-safe.
 */
public final class ChainOrder {

    private ChainOrder() {
    }

    /**
     * The entries in run order.
     *
     * @throws GraylaneException for a constraint naming an unknown id or the entry itself
     *                           ({@code chain[id=auth].after: "nope" (expected: the id of another chain entry)}), or for a
     *                           cycle, naming its entries ({@code chain: ordering cycle auth → rate → auth})
     */
    public static List<ChainEntry> resolve(List<ChainEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        int n = entries.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        boolean constrained = false;
        for (int i = 0; i < n; i++) {
            ChainEntry e = entries.get(i);
            index.putIfAbsent(e.id(), i);
            constrained |= !e.after().isEmpty() || !e.before().isEmpty();
        }
        if (!constrained) {
            return List.copyOf(entries);
        }
        // predecessors[b] holds a when a must run before b.
        List<BitSet> predecessors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            predecessors.add(new BitSet(n));
        }
        for (int i = 0; i < n; i++) {
            ChainEntry e = entries.get(i);
            for (String id : e.after()) {
                predecessors.get(i).set(target(e, "after", id, index, i));
            }
            for (String id : e.before()) {
                predecessors.get(target(e, "before", id, index, i)).set(i);
            }
        }
        List<ChainEntry> ordered = new ArrayList<>(n);
        BitSet placed = new BitSet(n);
        List<Integer> path = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            place(i, entries, predecessors, placed, path, ordered);
        }
        return List.copyOf(ordered);
    }

    /** Places {@code i} after its unplaced predecessors (depth first); {@code path} is the current walk, for cycles. */
    private static void place(int i, List<ChainEntry> entries, List<BitSet> predecessors, BitSet placed,
                              List<Integer> path, List<ChainEntry> ordered) {
        if (placed.get(i)) {
            return;
        }
        int onPath = path.indexOf(i);
        if (onPath >= 0) {
            throw new GraylaneException("chain: ordering cycle " + cycle(entries, path.subList(onPath, path.size()))
                    + " (expected: after/before constraints that can all hold together)");
        }
        path.add(i);
        BitSet before = predecessors.get(i);
        for (int p = before.nextSetBit(0); p >= 0; p = before.nextSetBit(p + 1)) {
            place(p, entries, predecessors, placed, path, ordered);
        }
        path.remove(path.size() - 1);
        placed.set(i);
        ordered.add(entries.get(i));
    }

    private static int target(ChainEntry e, String key, String id, Map<String, Integer> index, int self) {
        Integer t = index.get(id);
        if (t == null || t == self) {
            throw new GraylaneException("chain[id=" + e.id() + "]." + key + ": \"" + id
                    + "\" (expected: the id of another chain entry)");
        }
        return t;
    }

    /**
     * The cycle as {@code a → b → a} in run order, starting at its earliest declared entry. {@code walk}
     * goes from an entry to one that must run before it, so run order is the walk reversed.
     */
    private static String cycle(List<ChainEntry> entries, List<Integer> walk) {
        List<Integer> loop = new ArrayList<>(walk);
        Collections.reverse(loop);
        Collections.rotate(loop, -loop.indexOf(Collections.min(loop)));
        StringBuilder text = new StringBuilder();
        for (int i : loop) {
            text.append(entries.get(i).id()).append(" → ");
        }
        return text.append(entries.get(loop.get(0)).id()).toString();
    }
}
