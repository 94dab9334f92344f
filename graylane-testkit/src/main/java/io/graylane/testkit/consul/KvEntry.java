package io.graylane.testkit.consul;

/** One KV entry as stored. The value array is never mutated after construction. */
record KvEntry(String key, byte[] value, long flags, long lockIndex, String session,
               long createIndex, long modifyIndex) {

    KvEntry withIndexes(long create, long modify) {
        return new KvEntry(key, value, flags, lockIndex, session, create, modify);
    }
}
