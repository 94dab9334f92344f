package io.graylane.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The syntax of a configuration text. Both describe the same document; keys are identical. */
public enum Format {
    /** YAML 1.1 (one document), by extension {@code .yaml} or {@code .yml}. */
    YAML,
    /** JSON (RFC 8259, no comments), by extension {@code .json}. */
    JSON;

    /** The format implied by {@code file}'s extension, or empty when it is not a known one. */
    public static Optional<Format> of(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return Optional.of(YAML);
        }
        if (n.endsWith(".json")) {
            return Optional.of(JSON);
        }
        return Optional.empty();
    }
}
