package io.graylane.consul;

import io.graylane.consul.internal.Hashes;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a configuration document to its KV key with check-and-set, and records the version in the
 * key's {@link KvConfigHistory}: what {@code graylane config push} and every rollback (manual or
 * automatic) do, so a fleet of gateways watching the key converges on the same version. Thread-safe.
 */
public final class KvConfigWriter {

    /** What a write did. */
    public sealed interface Outcome {
        /** The key's ModifyIndex after the call. */
        long index();
    }

    /**
     * Written: the key now holds the text at {@code index}.
     *
     * @param previousIndex the index it replaced (0: the key did not exist)
     * @param index         the new ModifyIndex
     * @param recorded      whether the history entry was written (false when that write failed; a gateway
     *                      that sees the version records it too)
     */
    public record Written(long previousIndex, long index, boolean recorded) implements Outcome {
    }

    /** The key holds this very text already, at {@code index}: nothing was written. */
    public record Unchanged(long index) implements Outcome {
    }

    /**
     * Refused: the key changed since it was read.
     *
     * @param expectedIndex the ModifyIndex the write required (0: absent)
     * @param index         the ModifyIndex it has now (0: absent)
     */
    public record Conflict(long expectedIndex, long index) implements Outcome {
    }

    private final ConsulClient client;
    private final String key;
    private final KvConfigHistory history;
    private final Clock clock;

    /** A writer of {@code key} through {@code client}. */
    public KvConfigWriter(ConsulClient client, String key, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.key = Objects.requireNonNull(key, "key");
        this.history = new KvConfigHistory(client, key);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key's history. */
    public KvConfigHistory history() {
        return history;
    }

    /** The key's entry now (a consistent read), or empty when it does not exist. */
    public Optional<KvEntry> read() {
        return client.kvGet(key, QueryOptions.DEFAULT).value();
    }

    /**
     * Writes {@code text} if the key's ModifyIndex is still {@code expectedIndex} (0: only if absent),
     * then records it in the history as {@code source} with {@code note} and prunes the history to
     * {@code keep} versions. A key that holds the same text already is left alone.
     *
     * @throws ConsulException when Consul cannot be reached or refuses (ACL)
     */
    public Outcome write(String text, long expectedIndex, String source, String note, int keep) {
        String hash = Hashes.sha256(text);
        Optional<KvEntry> now = read();
        if (now.isPresent() && now.get().modifyIndex() == expectedIndex
                && Hashes.sha256(now.get().valueAsString()).equals(hash)) {
            return new Unchanged(expectedIndex);
        }
        // Consul decides: the write happens only if the key's ModifyIndex is still the one read.
        TxnResult result = client.txn(List.of(TxnOp.cas(key, text, expectedIndex)));
        if (!result.applied() || result.results().isEmpty()) {
            return new Conflict(expectedIndex, read().map(KvEntry::modifyIndex).orElse(0L));
        }
        long index = result.results().get(0).modifyIndex();
        boolean recorded;
        try {
            history.recordAsAuthor(new HistoryEntry(index, hash, clock.instant(), source, note, text));
            history.prune(keep);
            recorded = true;
        } catch (RuntimeException e) {
            recorded = false;
        }
        return new Written(expectedIndex, index, recorded);
    }
}
