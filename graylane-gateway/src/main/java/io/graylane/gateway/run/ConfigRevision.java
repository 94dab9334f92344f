package io.graylane.gateway.run;

import io.graylane.core.config.GraylaneConfig;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of the configuration as a source delivered it: its version, content hash, text and where
 * it came from. What the history keeps and a rollback goes back to. Immutable.
 *
 * @param version     the version the gateway reports ({@link EngineSnapshot#version()}): {@code 41/3f2a9c1b}
 *                    (ModifyIndex and hash) for a Consul key, the first 12 hex digits of the hash for a file
 * @param hash        SHA-256 of the text, 64 lower-case hex digits
 * @param modifyIndex the Consul key's ModifyIndex, 0 for a file
 * @param time        when it was written: the file's modification time, or when the gateway first saw it
 * @param origin      the file name or {@code consul:<key>}
 * @param source      how it arrived: {@code file}, {@code consul}, {@code last-known-good}, {@code rollback},
 *                    {@code auto-rollback}
 * @param note        free text (what a rollback rolled back from), or empty
 * @param text        the document
 * @param config      the validated configuration of the text
 */
public record ConfigRevision(String version, String hash, long modifyIndex, Instant time, String origin,
                             String source, String note, String text, GraylaneConfig config) {

    public ConfigRevision {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(config, "config");
        note = note == null ? "" : note;
    }

    /** SHA-256 of {@code text} as UTF-8, 64 lower-case hex digits: the {@link #hash()} of a text. */
    public static String hashOf(String text) {
        return ContentHash.sha256(text);
    }

    /** The same version, arrived another way ({@code rollback}, say) with {@code newNote}. */
    public ConfigRevision as(String newSource, String newNote, Instant newTime) {
        return new ConfigRevision(version, hash, modifyIndex, newTime, origin, newSource, newNote, text, config);
    }

    @Override
    public String toString() {
        return origin + " version " + version;
    }
}
