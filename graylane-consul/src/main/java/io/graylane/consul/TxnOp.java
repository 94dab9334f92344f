package io.graylane.consul;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One KV operation of a {@code PUT /v1/txn} transaction. Immutable; make them with the factories.
 *
 * @param verb  the operation
 * @param key   the key (a prefix for the {@code *_TREE} verbs)
 * @param value the value to write (empty for verbs that take none)
 * @param flags opaque uint64 flags for writes
 * @param index the ModifyIndex a {@code CAS}, {@code DELETE_CAS} or {@code CHECK_INDEX} requires
 */
public record TxnOp(Verb verb, String key, byte[] value, long flags, long index) {

    /** The KV verbs of a transaction; {@link #wire()} is Consul's spelling. */
    public enum Verb {
        SET, CAS, GET, GET_TREE, CHECK_INDEX, CHECK_NOT_EXISTS, DELETE, DELETE_TREE, DELETE_CAS;

        /** {@code set}, {@code get-tree}, {@code delete-cas}, … */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public TxnOp {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(key, "key");
        value = value == null ? new byte[0] : value.clone();
        if (index < 0) {
            throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
        }
    }

    /** Writes {@code value} to {@code key}. */
    public static TxnOp set(String key, String value) {
        return new TxnOp(Verb.SET, key, value.getBytes(StandardCharsets.UTF_8), 0, 0);
    }

    /** Writes {@code value} only if {@code key}'s ModifyIndex is {@code index} (0: only if absent). */
    public static TxnOp cas(String key, String value, long index) {
        return new TxnOp(Verb.CAS, key, value.getBytes(StandardCharsets.UTF_8), 0, index);
    }

    /** Reads {@code key}; the transaction fails if it is absent. */
    public static TxnOp get(String key) {
        return new TxnOp(Verb.GET, key, null, 0, 0);
    }

    /** Deletes {@code key}. */
    public static TxnOp delete(String key) {
        return new TxnOp(Verb.DELETE, key, null, 0, 0);
    }

    /** Deletes {@code key} only if its ModifyIndex is {@code index}. */
    public static TxnOp deleteCas(String key, long index) {
        return new TxnOp(Verb.DELETE_CAS, key, null, 0, index);
    }

    /** Fails the transaction unless {@code key}'s ModifyIndex is {@code index}. */
    public static TxnOp checkIndex(String key, long index) {
        return new TxnOp(Verb.CHECK_INDEX, key, null, 0, index);
    }

    /** A copy of the value's bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxnOp t && verb == t.verb && key.equals(t.key) && Arrays.equals(value, t.value)
                && flags == t.flags && index == t.index;
    }

    @Override
    public int hashCode() {
        return Objects.hash(verb, key, Arrays.hashCode(value), flags, index);
    }

    @Override
    public String toString() {
        return verb.wire() + " " + key + (index > 0 ? " @" + index : "");
    }
}
