package io.graylane.testkit.consul;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * One namespace's KV entries. Deleted keys leave no tombstone (they are reaped at once), so a prefix's
 * index is computed over live keys only and a delete can move it backwards. Guarded by the store lock.
 */
final class KvTable {

    private final NavigableMap<String, KvEntry> entries = new TreeMap<>();
    // Per-key change counters: a single-key blocking query wakes only when its own key changes.
    private final Map<String, Long> keyVersions = new HashMap<>();
    private long tableIndex;
    private long rewinds;

    KvEntry get(String key) {
        return entries.get(key);
    }

    /** The KV table's max index (every write and delete raises it). */
    long tableIndex() {
        return tableIndex;
    }

    /** What a single-key query watches: the key's own changes, and snapshot restores. */
    Object keyMarker(String key) {
        return List.of(keyVersions.getOrDefault(key, 0L), rewinds);
    }

    List<KvEntry> list(String prefix) {
        return new ArrayList<>(entries.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values());
    }

    /**
     * The index a {@code recurse}/{@code keys} query reports: the max ModifyIndex of the live keys under the
     * prefix; the table index for the root prefix or when nothing lives under it (as Consul does).
     */
    long prefixIndex(String prefix) {
        if (prefix.isEmpty()) {
            return tableIndex;
        }
        long max = 0;
        for (KvEntry e : list(prefix)) {
            max = Math.max(max, e.modifyIndex());
        }
        return max == 0 ? tableIndex : max;
    }

    void set(String key, byte[] value, long flags, long index) {
        KvEntry old = entries.get(key);
        long create = old == null ? index : old.createIndex();
        entries.put(key, new KvEntry(key, value, flags, old == null ? 0 : old.lockIndex(),
                old == null ? null : old.session(), create, index));
        touched(key, index);
    }

    /** Check-and-set: {@code cas == 0} creates only; otherwise the ModifyIndex must equal {@code cas}. */
    boolean cas(String key, byte[] value, long flags, long cas, long index) {
        KvEntry old = entries.get(key);
        if (cas == 0 ? old != null : old == null || old.modifyIndex() != cas) {
            return false;
        }
        set(key, value, flags, index);
        return true;
    }

    boolean delete(String key, long index) {
        if (entries.remove(key) == null) {
            return false;
        }
        touched(key, index);
        return true;
    }

    /** Delete-if-index: a missing key counts as deleted, as in Consul. */
    boolean deleteCas(String key, long cas, long index) {
        KvEntry old = entries.get(key);
        if (old == null) {
            return true;
        }
        if (old.modifyIndex() != cas) {
            return false;
        }
        return delete(key, index);
    }

    int deleteTree(String prefix, long index) {
        List<KvEntry> doomed = list(prefix);
        for (KvEntry e : doomed) {
            delete(e.key(), index);
        }
        return doomed.size();
    }

    private void touched(String key, long index) {
        keyVersions.merge(key, 1L, Long::sum);
        tableIndex = Math.max(tableIndex, index);
    }

    /** A detached copy, so a transaction can be applied all-or-nothing. */
    KvTable copy() {
        KvTable c = new KvTable();
        c.entries.putAll(entries);
        c.keyVersions.putAll(keyVersions);
        c.tableIndex = tableIndex;
        c.rewinds = rewinds;
        return c;
    }

    /** Adopts a committed transaction's copy. */
    void replaceWith(KvTable committed) {
        entries.clear();
        entries.putAll(committed.entries);
        keyVersions.clear();
        keyVersions.putAll(committed.keyVersions);
        tableIndex = committed.tableIndex;
    }

    void collectIndexes(LongConsumer out) {
        out.accept(tableIndex);
        for (KvEntry e : entries.values()) {
            out.accept(e.createIndex());
            out.accept(e.modifyIndex());
        }
    }

    void renumber(LongUnaryOperator f) {
        entries.replaceAll((k, e) -> e.withIndexes(f.applyAsLong(e.createIndex()), f.applyAsLong(e.modifyIndex())));
        tableIndex = f.applyAsLong(tableIndex);
        rewinds++;
    }
}
