package io.graylane.gateway.run;

import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.LastKnownGoodStore;
import io.graylane.core.config.ConsulDiscoverySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the gateway reaches Consul: the client settings for the KV key and for discovery, with the
 * precedence {@code --consul-addr} &gt; {@code discovery.consul.address} &gt; {@code CONSUL_HTTP_ADDR} &gt;
 * {@code 127.0.0.1:8500} (the KV client skips the config, which it has yet to read), and the
 * last-known-good store, opened on first use. A store that cannot be opened is logged once and the
 * gateway runs without one. Thread-safe.
 */
final class ConsulAccess {

    private static final Logger log = LoggerFactory.getLogger(ConsulAccess.class);

    private final String addressOverride;
    private final Function<String, String> environment;
    private final Path stateDirectory;

    private boolean storeTried;
    private LastKnownGoodStore store;

    /**
     * @param addressOverride the address that beats every other, or {@code null}
     * @param environment     where {@code CONSUL_HTTP_ADDR}, {@code CONSUL_HTTP_TOKEN} and {@code CONSUL_HTTP_SSL} are read
     * @param stateDirectory  the last-known-good directory
     */
    ConsulAccess(String addressOverride, Function<String, String> environment, Path stateDirectory) {
        this.addressOverride = addressOverride;
        this.environment = environment;
        this.stateDirectory = stateDirectory;
    }

    /** The client for the configuration key: {@code --consul-addr}, else the environment. */
    ConsulClientConfig kvClient() {
        ConsulClientConfig.Builder b = ConsulClientConfig.builder().environment(environment);
        if (addressOverride != null) {
            b.address(addressOverride);
        }
        return b.build();
    }

    /**
     * The client for discovery under {@code settings}.
     *
     * @throws IllegalArgumentException when the address (from wherever it came) is not one
     */
    ConsulClientConfig discoveryClient(ConsulDiscoverySettings settings) {
        ConsulClientConfig.Builder b = ConsulClientConfig.builder()
                .environment(environment)
                .token(settings.token())
                .defaultWait(settings.waitTime());
        if (addressOverride != null) {
            b.address(addressOverride);
        } else if (!settings.address().isEmpty()) {
            try {
                b.address(settings.address());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("discovery.consul." + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /** The last-known-good store, opened (and its directory created) on first use; empty when that failed. */
    synchronized Optional<LastKnownGoodStore> store() {
        if (!storeTried) {
            storeTried = true;
            try {
                store = LastKnownGoodStore.open(stateDirectory);
                log.info("last-known-good state in {}", stateDirectory);
            } catch (RuntimeException e) {
                log.warn("running without a last-known-good state: {}", e.getMessage());
            }
        }
        return Optional.ofNullable(store);
    }

    /** The last-known-good directory. */
    Path stateDirectory() {
        return stateDirectory;
    }
}
