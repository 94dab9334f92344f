package io.graylane.consul;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One KV pair as {@code GET /v1/kv/:key} returns it, value decoded from base64. Immutable: the value
 * array is copied in and out.
 *
 * @param key         the key
 * @param value       the value's bytes (empty when Consul says {@code null})
 * @param flags       opaque uint64 flags (read as unsigned)
 * @param createIndex index that created the key
 * @param modifyIndex index of the last write to the key
 * @param lockIndex   how many times a lock was acquired on it
 * @param session     session holding the lock, or empty
 */
public record KvEntry(String key, byte[] value, long flags, long createIndex, long modifyIndex, long lockIndex,
                      String session) {

    public KvEntry {
        Objects.requireNonNull(key, "key");
        value = value == null ? new byte[0] : value.clone();
        session = session == null ? "" : session;
    }

    /** A copy of the value's bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value as UTF-8 text (malformed bytes become U+FFFD). */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvEntry e && key.equals(e.key) && Arrays.equals(value, e.value) && flags == e.flags
                && createIndex == e.createIndex && modifyIndex == e.modifyIndex && lockIndex == e.lockIndex
                && session.equals(e.session);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), flags, createIndex, modifyIndex, lockIndex, session);
    }

    @Override
    public String toString() {
        return "KvEntry[key=" + key + ", " + value.length + " bytes, flags=" + Long.toUnsignedString(flags)
                + ", createIndex=" + createIndex + ", modifyIndex=" + modifyIndex + ", lockIndex=" + lockIndex
                + (session.isEmpty() ? "" : ", session=" + session) + "]";
    }
}
