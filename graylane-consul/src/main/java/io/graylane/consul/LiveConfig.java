package io.graylane.consul;

import io.graylane.core.config.GraylaneConfig;

import java.util.Objects;

/**
 * The configuration a {@link ConsulConfigSource} currently serves. Immutable.
 *
 * @param version           its version
 * @param config            the validated configuration
 * @param text              the document as stored in Consul
 * @param fromLastKnownGood whether it was read from the local last-known-good file, not from Consul
 */
public record LiveConfig(ConfigVersion version, GraylaneConfig config, String text, boolean fromLastKnownGood) {

    public LiveConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(text, "text");
    }
}
