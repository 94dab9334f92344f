package io.graylane.consul;

import java.util.Objects;

/**
 * Which configuration document is live: the Consul KV {@code ModifyIndex} it was written at and the
 * SHA-256 of its text (lower-case hex). Two versions with the same hash hold the same document.
 * Immutable.
 *
 * @param modifyIndex the KV entry's ModifyIndex (0 when unknown)
 * @param contentHash SHA-256 of the UTF-8 text, 64 hex digits
 */
public record ConfigVersion(long modifyIndex, String contentHash) {

    public ConfigVersion {
        Objects.requireNonNull(contentHash, "contentHash");
        if (modifyIndex < 0) {
            throw new IllegalArgumentException("modifyIndex: " + modifyIndex + " (expected: >= 0)");
        }
        if (!contentHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("contentHash: " + contentHash + " (expected: 64 lower-case hex digits)");
        }
    }

    /** {@code 1234/3f2a9c1b} — the index and the first 8 hex digits of the hash. */
    public String shortForm() {
        return modifyIndex + "/" + contentHash.substring(0, 8);
    }

    @Override
    public String toString() {
        return shortForm();
    }
}
