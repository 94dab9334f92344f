package io.graylane.gateway.run;

import io.graylane.config.ConfigException;
import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.consul.ConfigListener;
import io.graylane.consul.ConfigVersion;
import io.graylane.consul.ConsulClient;
import io.graylane.consul.KvConfigWriter;
import io.graylane.consul.LiveConfig;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.ConsulConfigSource;
import io.graylane.consul.WatchSettings;
import io.graylane.consul.WatchState;
import io.graylane.core.GraylaneException;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.rule.RandomSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine of a production gateway: the configuration from a file ({@link FileConfigSource}: polling
 * and SIGHUP) or from one Consul KV key ({@link ConsulConfigSource}: blocking queries), and the instances
 * of the routed services from Consul's health API when the configuration has a {@code discovery.consul}
 * section ({@code discovery.static} otherwise, and always for the services listed there). Every
 * configuration change builds a new engine with the current instances; every instance change makes
 * {@code engine.withInstances(service, instances)}; discovery follows the configuration, so only the
 * services it routes to are watched.
 *
 * <p>With Consul involved, the last accepted document and each service's instances are saved in a
 * state directory, so a gateway that starts while Consul is unreachable serves what the previous run
 * saved (and logs that it does) until Consul answers. Thread-safe.
 *
 * <pre>{@code
 * ConsulEngineSource source = ConsulEngineSource.fromConsulKey("graylane/config")
 *         .stateDirectory(Path.of("/var/lib/graylane")).build();
 * GatewayServer server = GatewayServer.builder(source.load().engine()).build().start();
 * source.watch(snapshot -> server.updateEngine(snapshot.engine()));
 * }</pre>
 */
public final class ConsulEngineSource implements EngineSource {

    private static final Logger log = LoggerFactory.getLogger(ConsulEngineSource.class);

    private final Path file;
    private final String key;
    private final String origin;
    private final ConfigLoader loader;
    private final Duration pollInterval;
    private final WatchSettings watchSettings;
    private final Duration startTimeout;
    private final Duration instancesTimeout;
    private final ConsulAccess consul;
    private final EngineAssembler assembler;
    private final RevisionGate gate;

    private final Object lock = new Object();
    private boolean loadCalled;
    private boolean closed;
    private FileConfigSource fileSource;
    private ConsulKeyFeed keyFeed;
    private volatile EngineSnapshot loaded;

    private ConsulEngineSource(Builder b) {
        this.file = b.file;
        this.key = b.key;
        this.origin = file != null ? file.toString() : "consul:" + key;
        this.loader = b.loader;
        this.pollInterval = b.pollInterval;
        this.watchSettings = b.watchSettings;
        this.startTimeout = b.startTimeout;
        this.instancesTimeout = b.instancesTimeout;
        Path state = b.stateDirectory != null ? b.stateDirectory : defaultStateDirectory(b.environment);
        this.consul = new ConsulAccess(b.consulAddress, b.environment, state);
        this.assembler = new EngineAssembler(consul, b.watchSettings, b.random);
        this.gate = b.gate;
    }

    /** A source whose configuration is {@code file} (.yaml, .yml or .json), followed for changes. */
    public static Builder fromFile(Path file) {
        return new Builder(Objects.requireNonNull(file, "file"), null);
    }

    /**
     * A source whose configuration is the document at Consul KV {@code key} (YAML, or JSON when it starts
     * with {@code {}), followed with blocking queries.
     *
     * @throws IllegalArgumentException {@code key: "/x" (expected: a KV key such as graylane/config)}
     */
    public static Builder fromConsulKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("key: \"" + key + "\" (expected: a KV key such as graylane/config)");
        }
        return new Builder(null, key);
    }

    /**
     * Where the last-known-good state goes when none is given: {@code $XDG_STATE_HOME/graylane}, else
     * {@code $HOME/.local/state/graylane}, else {@code .graylane-state} in the working directory.
     */
    public static Path defaultStateDirectory(Function<String, String> environment) {
        String xdg = environment.apply("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "graylane");
        }
        String home = environment.apply("HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, ".local", "state", "graylane");
        }
        return Path.of(".graylane-state");
    }

    /**
     * Reads the configuration, starts discovery when it asks for Consul, waits (up to the instances
     * time-out) for the instances of its Consul services, and returns the first engine. With a Consul
     * key, waits up to the start time-out for a configuration from Consul or the last-known-good state.
     *
     * @throws ConfigException    when the configuration is invalid, each error naming its source and path
     * @throws GraylaneException  when there is no configuration to serve (Consul unreachable and nothing
     *                            saved, the key missing), saying why
     */
    @Override
    public EngineSnapshot load() {
        synchronized (lock) {
            if (loadCalled || closed) {
                throw new IllegalStateException("load: " + (closed ? "source is closed" : "already loaded")
                        + " (expected: load() once)");
            }
            loadCalled = true;
        }
        try {
            if (file != null) {
                loadFile();
            } else {
                loadKey();
            }
        } catch (IllegalArgumentException e) {
            // A Consul address from the environment (CONSUL_HTTP_ADDR) that is not one: nothing to do with the config.
            throw new GraylaneException(origin + ": " + e.getMessage(), e);
        }
        try {
            Set<String> missing = assembler.awaitInstances(instancesTimeout);
            if (!missing.isEmpty()) {
                log.warn("no instances of {} from Consul yet (nor saved in {}); serving without them until Consul"
                        + " answers", String.join(", ", missing), consul.stateDirectory());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraylaneException(origin + ": interrupted while waiting for instances", e);
        }
        loaded = assembler.current();
        return loaded;
    }

    /** Tells {@code listener} every new snapshot from now on (configuration or instance changes), in order. */
    @Override
    public void watch(Consumer<EngineSnapshot> listener) {
        Objects.requireNonNull(listener, "listener");
        EngineSnapshot first = loaded;
        if (first == null) {
            throw new IllegalStateException("watch: nothing loaded (expected: load() first)");
        }
        assembler.watch(listener, first);
        FileConfigSource fs;
        synchronized (lock) {
            fs = fileSource;
        }
        if (fs != null) {
            fs.watch(snapshot -> assembler.apply(snapshot.config(), snapshot.version(), snapshot.origin()));
        }
    }

    /** A file is looked at now; a Consul key needs nothing (blocking queries follow it), the state is logged. */
    @Override
    public void refresh() {
        FileConfigSource fs;
        synchronized (lock) {
            fs = fileSource;
        }
        if (fs != null) {
            fs.refresh();
            return;
        }
        EngineSnapshot s = assembler.current();
        log.info("{}: followed with blocking queries, nothing to refresh; serving version {}{}", origin,
                s == null ? "none" : s.version(), servingFromLastKnownGood() ? " (last-known-good)" : "");
    }

    /** The snapshot serving now. @throws IllegalStateException before {@link #load()} */
    public EngineSnapshot current() {
        EngineSnapshot s = assembler.current();
        if (s == null) {
            throw new IllegalStateException("current: nothing loaded (expected: load() first)");
        }
        return s;
    }

    /** Whether the configuration or any service's instances come from the last-known-good state. */
    public boolean servingFromLastKnownGood() {
        ConsulKeyFeed kv;
        synchronized (lock) {
            kv = keyFeed;
        }
        return kv != null && kv.servingFromLastKnownGood() || assembler.discoveryServingFromLastKnownGood();
    }

    /**
     * The last configuration change that was refused (invalid, or its engine could not be swapped in),
     * if any since the start; its errors name the source and config path.
     */
    public Optional<ReloadOutcome.Rejected> lastRejection() {
        FileConfigSource fs;
        ConsulKeyFeed kv;
        synchronized (lock) {
            fs = fileSource;
            kv = keyFeed;
        }
        EngineSnapshot serving = assembler.current();
        if (fs != null) {
            return fs.lastRejection();
        }
        return kv == null || serving == null ? Optional.empty() : kv.lastRejection(serving);
    }

    /** Reload attempts the configuration source refused or found unchanged, since the start; for metrics. */
    public SourceReloads reloads() {
        FileConfigSource fs;
        ConsulKeyFeed kv;
        synchronized (lock) {
            fs = fileSource;
            kv = keyFeed;
        }
        return fs != null ? fs.reloads() : kv != null ? kv.reloads() : SourceReloads.NONE;
    }

    /** Where instances come from now, for logs: static only, or which services from which Consul. */
    public String discoveryDescription() {
        return assembler.discoveryDescription();
    }

    /** The state of every Consul service watch (empty without Consul discovery), for metrics and tests. */
    public List<WatchState> discoveryStates() {
        return assembler.discoveryStates();
    }

    /** The last-known-good directory. */
    public Path stateDirectory() {
        return consul.stateDirectory();
    }

    /** Where the configuration comes from: the file name or {@code consul:<key>}. */
    public String origin() {
        return origin;
    }

    /** The Consul KV key the configuration comes from, or empty for a file. */
    public Optional<String> consulKey() {
        return Optional.ofNullable(key);
    }

    /**
     * A writer of the configuration key with check-and-set, through the same Consul client settings as
     * the watch; empty for a file.
     */
    public Optional<KvConfigWriter> kvWriter(Clock clock) {
        return key == null ? Optional.empty()
                : Optional.of(new KvConfigWriter(ConsulClient.create(consul.kvClient()), key, clock));
    }

    /**
     * Parses and validates {@code text} as this source's configuration would be (same loader and format).
     *
     * @throws ConfigException when it is not valid, each error naming the config path
     */
    public GraylaneConfig checkText(String text) {
        Format format = file != null ? Format.of(file).orElse(Format.YAML)
                : text.stripLeading().startsWith("{") ? Format.JSON : Format.YAML;
        return loader.parse(text, format, origin);
    }

    /**
     * Serves {@code revision} here and now, without writing it anywhere (a file source's rollback, or a
     * Consul key's when Consul cannot be written): a file's next change, or the key's next version, wins.
     *
     * @throws ConfigException when the text is not valid (any more) or the engine cannot be swapped in
     */
    public void applyLocally(ConfigRevision revision) {
        FileConfigSource fs;
        synchronized (lock) {
            fs = fileSource;
        }
        if (fs != null) {
            fs.apply(revision);
            return;
        }
        GraylaneConfig config = checkText(revision.text());
        assembler.apply(config, revision.version(), origin);
        log.warn("{}: now serving version {} here only ({}): the key in Consul was not changed, and its next"
                + " version wins", origin, revision.version(), revision.source());
        gate.applied(revision);
    }

    /** Stops following the configuration and Consul; the snapshot serving stays what it was. Idempotent. */
    @Override
    public void close() {
        FileConfigSource fs;
        ConsulKeyFeed kv;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            fs = fileSource;
            kv = keyFeed;
        }
        if (fs != null) {
            fs.close();
        }
        if (kv != null) {
            kv.close();
        }
        assembler.close();
    }

    private void loadFile() {
        FileConfigSource fs = FileConfigSource.builder(file).loader(loader).pollInterval(pollInterval).revisions(gate)
                .build();
        synchronized (lock) {
            fileSource = fs;
        }
        EngineSnapshot first = fs.load();
        assembler.apply(first.config(), first.version(), first.origin());
    }

    private void loadKey() {
        ConsulKeyFeed feed = new ConsulKeyFeed(key, consul, loader, watchSettings, new ConfigListener() {
            @Override
            public void onConfig(ConfigVersion version, GraylaneConfig config) {
                assembler.apply(config, version.toString(), origin);
            }

            @Override
            public void onConfig(LiveConfig live) {
                ConfigRevision revision = new ConfigRevision(live.version().toString(), live.version().contentHash(),
                        live.version().modifyIndex(), Instant.now(), origin,
                        live.fromLastKnownGood() ? "last-known-good" : "consul", "", live.text(), live.config());
                gate.admit(revision);
                assembler.apply(live.config(), revision.version(), origin);
                gate.applied(revision);
            }
        });
        synchronized (lock) {
            keyFeed = feed;
        }
        feed.start(startTimeout);
    }

    /** Settings of a {@link ConsulEngineSource}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {

        private final Path file;
        private final String key;
        private ConfigLoader loader = new ConfigLoader();
        private Duration pollInterval = Duration.ofSeconds(1);
        private WatchSettings watchSettings = WatchSettings.DEFAULT;
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration instancesTimeout = Duration.ofSeconds(5);
        private String consulAddress;
        private Function<String, String> environment = System::getenv;
        private Path stateDirectory;
        private RandomSource random = RandomSource.threadLocal();
        private RevisionGate gate = RevisionGate.OPEN;

        private Builder(Path file, String key) {
            this.file = file;
            this.key = key;
        }

        /** Parses and validates configurations (environment substitution). Default one over the process environment. */
        public Builder loader(ConfigLoader value) {
            this.loader = Objects.requireNonNull(value, "loader");
            return this;
        }

        /** How often a config file is looked at; 0: only on {@link #refresh()}. Ignored for a Consul key. Default 1s. */
        public Builder pollInterval(Duration value) {
            Objects.requireNonNull(value, "pollInterval");
            if (value.isNegative() || !value.isZero() && value.toMillis() < 10) {
                throw new IllegalArgumentException("pollInterval: " + value.toMillis() + "ms (expected: 0 or >= 10ms)");
            }
            this.pollInterval = value;
            return this;
        }

        /**
         * Rate limit and back-off of every Consul watch, and the wait of the key's; a discovery watch
         * waits what {@code discovery.consul.wait} says. Default {@link WatchSettings#DEFAULT}.
         */
        public Builder watchSettings(WatchSettings value) {
            this.watchSettings = Objects.requireNonNull(value, "watchSettings");
            return this;
        }

        /** How long {@link #load()} waits for a configuration from a Consul key. Default 30s. */
        public Builder startTimeout(Duration value) {
            this.startTimeout = positive("startTimeout", value);
            return this;
        }

        /** How long {@link #load()} waits for the first instances of the Consul services. Default 5s. */
        public Builder instancesTimeout(Duration value) {
            Objects.requireNonNull(value, "instancesTimeout");
            if (value.isNegative()) {
                throw new IllegalArgumentException("instancesTimeout: " + value.toMillis() + "ms (expected: >= 0)");
            }
            this.instancesTimeout = value;
            return this;
        }

        /**
         * Consul's address for the key and for discovery, over {@code discovery.consul.address} and
         * {@code CONSUL_HTTP_ADDR}; {@code null} for none. Default none.
         *
         * @throws IllegalArgumentException {@code address: "x/y" (expected: host:port, http://host:port or https://host:port)}
         */
        public Builder consulAddress(String value) {
            if (value != null) {
                ConsulClientConfig.builder().address(value);
            }
            this.consulAddress = value;
            return this;
        }

        /** Where {@code CONSUL_HTTP_*}, {@code XDG_STATE_HOME} and {@code HOME} are read. Default {@link System#getenv(String)}. */
        public Builder environment(Function<String, String> value) {
            this.environment = Objects.requireNonNull(value, "environment");
            return this;
        }

        /** The last-known-good directory (created on first use). Default {@link #defaultStateDirectory}. */
        public Builder stateDirectory(Path value) {
            this.stateDirectory = Objects.requireNonNull(value, "stateDirectory");
            return this;
        }

        /** Random numbers for random-weight coloring. Default per thread. */
        public Builder random(RandomSource value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /**
         * Told every configuration version before and after it is applied (the history); may refuse one.
         * Default {@link RevisionGate#OPEN}.
         */
        public Builder revisions(RevisionGate value) {
            this.gate = Objects.requireNonNull(value, "revisions");
            return this;
        }

        /** The source; nothing is read until {@link ConsulEngineSource#load()}. */
        public ConsulEngineSource build() {
            return new ConsulEngineSource(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + ": " + value.toMillis() + "ms (expected: > 0)");
            }
            return value;
        }
    }
}
