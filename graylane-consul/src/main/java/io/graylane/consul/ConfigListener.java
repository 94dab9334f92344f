package io.graylane.consul;

import io.graylane.core.config.GraylaneConfig;

/**
 * Told each new configuration a {@link ConsulConfigSource} accepts. Calls come one at a time, in
 * order, on the source's thread and never under a lock. Throwing rejects the version: it is counted
 * as rejected, not saved as last-known-good, and the previous version stays current.
 */
@FunctionalInterface
public interface ConfigListener {

    /**
     * @param version the version now current
     * @param config  the validated configuration
     */
    void onConfig(ConfigVersion version, GraylaneConfig config);

    /**
     * The same, with the document's text and where it was read from; what the source calls. The
     * default hands version and config to {@link #onConfig(ConfigVersion, GraylaneConfig)}.
     */
    default void onConfig(LiveConfig live) {
        onConfig(live.version(), live.config());
    }
}
