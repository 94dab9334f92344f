package io.graylane.consul;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded configuration version: what was live at a key's ModifyIndex, when and by whom it was
 * written. Immutable.
 *
 * @param version the key's ModifyIndex when this text was written to it
 * @param hash    SHA-256 of the text, 64 lower-case hex digits
 * @param time    when the version was recorded
 * @param source  who wrote it: {@code push}, {@code rollback}, {@code auto-rollback} or {@code gateway}
 *                (seen by a gateway, written by something else)
 * @param note    a free text: the author's note, or what a rollback rolled back from
 * @param text    the configuration document
 */
public record HistoryEntry(long version, String hash, Instant time, String source, String note, String text) {

    public HistoryEntry {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        note = note == null ? "" : note;
        if (version < 1) {
            throw new IllegalArgumentException("version: " + version + " (expected: a ModifyIndex >= 1)");
        }
    }

    /** {@code 42/3f2a9c1b}: the same short form as {@link ConfigVersion#shortForm()}. */
    public String shortForm() {
        return version + "/" + hash.substring(0, Math.min(8, hash.length()));
    }
}
