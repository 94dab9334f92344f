package io.graylane.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graylane.consul.internal.ConsulJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The versions of a configuration key, kept in Consul KV beside it: one entry per version at
 * {@code <key>.history/<ModifyIndex, 20 digits>} holding a JSON object
 * {@code {"version", "hash", "time", "source", "note", "text"}}. Entries are written once, with
 * {@code cas=0} (only if absent), so every gateway of a fleet and the CLI may record the same version
 * without clobbering each other; {@link #prune} deletes the oldest beyond a bound in one transaction.
 * Thread-safe (stateless over the client).
 */
public final class KvConfigHistory {

    private final ConsulClient client;
    private final String key;
    private final String prefix;

    /** The source of an entry a gateway recorded for a version it saw but did not write. */
    public static final String SEEN_BY_GATEWAY = "gateway";

    /** The history of {@code key} through {@code client}. */
    public KvConfigHistory(ConsulClient client, String key) {
        this.client = Objects.requireNonNull(client, "client");
        this.key = Objects.requireNonNull(key, "key");
        this.prefix = prefixOf(key);
    }

    /** {@code graylane/config.history/}: where the versions of {@code key} are kept. */
    public static String prefixOf(String key) {
        return key + ".history/";
    }

    /** The key of one version's entry: the prefix and the index, zero-padded so keys sort by version. */
    public static String entryKey(String key, long version) {
        return prefixOf(key) + String.format("%020d", version);
    }

    /** The configuration key this history belongs to. */
    public String key() {
        return key;
    }

    /**
     * Records {@code entry} unless its version is recorded already (what a gateway does for a version it
     * sees; an author uses {@link #recordAsAuthor}).
     *
     * @return whether this call wrote it
     * @throws ConsulException when Consul cannot be reached or refuses the write
     */
    public boolean record(HistoryEntry entry) {
        return client.kvPut(entryKey(key, entry.version()), encode(entry), PutOptions.cas(0));
    }

    /**
     * Records {@code entry} as written by its author (a push, a rollback): unless its version is recorded
     * already, or was recorded by a gateway that saw it first (source {@code gateway}, author unknown), in
     * which case this entry replaces that one (check-and-set on the entry).
     *
     * @return whether this call wrote it
     * @throws ConsulException when Consul cannot be reached or refuses the write
     */
    public boolean recordAsAuthor(HistoryEntry entry) {
        String entryKey = entryKey(key, entry.version());
        for (int attempt = 0; attempt < 3; attempt++) {
            if (client.kvPut(entryKey, encode(entry), PutOptions.cas(0))) {
                return true;
            }
            Optional<KvEntry> existing = client.kvGet(entryKey, QueryOptions.DEFAULT).value();
            if (existing.isEmpty()) {
                continue; // deleted meanwhile (pruned): try to create it again
            }
            Optional<HistoryEntry> seen = decode(existing.get().value());
            if (seen.isPresent() && !seen.get().source().equals(SEEN_BY_GATEWAY)) {
                return false;
            }
            if (client.kvPut(entryKey, encode(entry), PutOptions.cas(existing.get().modifyIndex()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every recorded version, newest first. Entries that cannot be read (written by something else) are
     * skipped.
     */
    public List<HistoryEntry> list() {
        List<HistoryEntry> out = new ArrayList<>();
        for (KvEntry e : client.kvList(prefix, QueryOptions.DEFAULT).value()) {
            decode(e.value()).ifPresent(out::add);
        }
        out.sort(Comparator.comparingLong(HistoryEntry::version).reversed());
        return out;
    }

    /** The entry of {@code version}, if recorded. */
    public Optional<HistoryEntry> get(long version) {
        return client.kvGet(entryKey(key, version), QueryOptions.DEFAULT).value().flatMap(e -> decode(e.value()));
    }

    /**
     * Deletes all but the newest {@code keep} versions, atomically per batch of up to 128.
     *
     * @return how many were deleted
     */
    public int prune(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep: " + keep + " (expected: >= 1)");
        }
        List<String> keys = new ArrayList<>(client.kvKeys(prefix, "", QueryOptions.DEFAULT).value());
        keys.sort(Comparator.reverseOrder()); // zero-padded: newest first
        if (keys.size() <= keep) {
            return 0;
        }
        List<String> old = keys.subList(keep, keys.size());
        int deleted = 0;
        for (int i = 0; i < old.size(); i += 128) {
            List<TxnOp> ops = old.subList(i, Math.min(old.size(), i + 128)).stream().map(TxnOp::delete).toList();
            if (client.txn(ops).applied()) {
                deleted += ops.size();
            }
        }
        return deleted;
    }

    static byte[] encode(HistoryEntry e) {
        ObjectNode n = ConsulJson.mapper().createObjectNode();
        n.put("version", e.version());
        n.put("hash", e.hash());
        n.put("time", e.time().toString());
        n.put("source", e.source());
        n.put("note", e.note());
        n.put("text", e.text());
        try {
            return ConsulJson.mapper().writeValueAsBytes(n);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Optional<HistoryEntry> decode(byte[] value) {
        try {
            JsonNode n = ConsulJson.mapper().readTree(new String(value, StandardCharsets.UTF_8));
            if (n == null || !n.path("version").canConvertToLong() || !n.path("text").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new HistoryEntry(n.path("version").asLong(), n.path("hash").asText(""),
                    Instant.parse(n.path("time").asText()), n.path("source").asText("unknown"),
                    n.path("note").asText(""), n.path("text").asText()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
