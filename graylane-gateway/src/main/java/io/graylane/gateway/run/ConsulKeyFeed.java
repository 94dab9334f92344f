package io.graylane.gateway.run;

import io.graylane.config.ConfigError;
import io.graylane.config.ConfigException;
import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.consul.ConfigListener;
import io.graylane.consul.ConfigRejection;
import io.graylane.consul.ConsulClient;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.ConsulConfigSource;
import io.graylane.consul.KvEntry;
import io.graylane.consul.LiveConfig;
import io.graylane.consul.QueryOptions;
import io.graylane.consul.WatchSettings;
import io.graylane.consul.WatchState;
import io.graylane.core.GraylaneException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration from one Consul KV key, for a {@link ConsulEngineSource}: a {@link ConsulConfigSource}
 * (blocking queries, last-known-good) whose accepted documents go to a listener, plus what a start needs
 * on top: waiting for the first document, failing at once on an invalid one with its errors as
 * {@code validate} prints them, and saying why there is nothing to serve. Thread-safe.
 */
final class ConsulKeyFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsulKeyFeed.class);
    private static final long REJECTION_CHECK_MILLIS = 100;
    /** {@code :line[:column]: rest}, after the source name of a rendered {@link ConfigError}. */
    private static final Pattern POSITION = Pattern.compile(":(\\d{1,9})(?::(\\d{1,9}))?: (.*)", Pattern.DOTALL);

    private final String key;
    private final String origin;
    private final ConfigLoader loader;
    private final ConsulAccess consul;
    private final ConsulClientConfig clientConfig;
    private final ConsulClient client;
    private final ConsulConfigSource source;

    /**
     * @param listener told each accepted document, on the source's thread; throwing refuses it
     * @throws IllegalArgumentException when the Consul address from the environment is not one
     */
    ConsulKeyFeed(String key, ConsulAccess consul, ConfigLoader loader, WatchSettings settings, ConfigListener listener) {
        this.key = key;
        this.origin = "consul:" + key;
        this.loader = loader;
        this.consul = consul;
        this.clientConfig = consul.kvClient();
        this.client = ConsulClient.create(clientConfig);
        ConsulConfigSource.Builder b = ConsulConfigSource.builder(client, key).loader(loader).settings(settings);
        consul.store().ifPresent(b::lastKnownGood);
        this.source = b.build();
        source.subscribe(listener);
    }

    /**
     * Starts watching and waits up to {@code timeout} for the first document the listener took.
     *
     * @throws ConfigException   when the document in Consul is invalid (and nothing is serving)
     * @throws GraylaneException when there is nothing to serve by the deadline, saying why
     */
    LiveConfig start(Duration timeout) {
        source.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<LiveConfig> first = source.firstConfig();
        while (true) {
            try {
                // ConsulConfigSource has logged where it came from (Consul, or the last-known-good file).
                return first.get(REJECTION_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Not yet: an invalid document, or the deadline, ends the wait.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GraylaneException(origin + ": interrupted while waiting for the configuration", e);
            } catch (ExecutionException e) {
                throw new GraylaneException(origin + ": " + e.getCause().getMessage(), e.getCause());
            }
            Optional<ConfigRejection> rejection = source.lastRejection();
            if (rejection.isPresent() && source.current().isEmpty()) {
                throw invalidAtStart(rejection.get());
            }
            if (System.nanoTime() - deadline >= 0) {
                long ms = timeout.toMillis();
                throw new GraylaneException(origin + ": no configuration to serve after "
                        + (ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms") + ": " + whyNothing());
            }
        }
    }

    /** Whether the configuration serving came from the last-known-good state, not from Consul. */
    boolean servingFromLastKnownGood() {
        return source.servingFromLastKnownGood();
    }

    /** Documents refused (invalid, or refused by the listener) and reads of the same document, since the start. */
    SourceReloads reloads() {
        io.graylane.consul.ConfigSourceCounters c = source.counters();
        return new SourceReloads(c.rejected(), c.unchanged());
    }

    /** The last refused document, as a rejection with {@code serving} still serving. */
    Optional<ReloadOutcome.Rejected> lastRejection(EngineSnapshot serving) {
        return source.lastRejection().map(r -> new ReloadOutcome.Rejected(serving, r.version().toString(), errors(r)));
    }

    @Override
    public void close() {
        source.close();
    }

    private String whyNothing() {
        WatchState s = source.watchState();
        String saved = " and there is no usable last-known-good configuration in " + consul.stateDirectory();
        if (s.failing()) {
            return "Consul at " + clientConfig.address() + " is unreachable (" + s.lastError() + ")" + saved;
        }
        return "the key does not exist in Consul at " + clientConfig.address() + saved;
    }

    /** The refused document's errors, as validate prints them: the document is read again and parsed. */
    private ConfigException invalidAtStart(ConfigRejection rejection) {
        try {
            Optional<KvEntry> entry = client.kvGet(key, QueryOptions.DEFAULT).value();
            if (entry.isPresent()) {
                String text = new String(entry.get().value(), StandardCharsets.UTF_8);
                loader.parse(text, text.stripLeading().startsWith("{") ? Format.JSON : Format.YAML, origin);
            }
        } catch (ConfigException e) {
            return e;
        } catch (RuntimeException e) {
            log.debug("{}: could not read the refused document again", origin, e);
        }
        // Valid now (changed since, or refused when its engine was built): say what the source said.
        return new ConfigException(errors(rejection));
    }

    /** A rejection's lines as errors of this source (they are rendered errors already: not named twice). */
    private List<ConfigError> errors(ConfigRejection rejection) {
        return rejection.errors().stream().map(this::error).toList();
    }

    private ConfigError error(String line) {
        if (line.startsWith(origin)) {
            String rest = line.substring(origin.length());
            Matcher m = POSITION.matcher(rest);
            if (m.matches()) {
                return new ConfigError(origin, "", m.group(3), Integer.parseInt(m.group(1)),
                        m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
            }
            if (rest.startsWith(": ")) {
                return new ConfigError(origin, "", rest.substring(2));
            }
        }
        return new ConfigError(origin, "", line);
    }
}
