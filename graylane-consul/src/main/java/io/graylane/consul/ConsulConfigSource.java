package io.graylane.consul;

import io.graylane.config.ConfigError;
import io.graylane.config.ConfigException;
import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.consul.internal.DaemonThreads;
import io.graylane.consul.internal.Hashes;
import io.graylane.consul.internal.SerialExecutor;
import io.graylane.core.config.GraylaneConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway configuration kept in one Consul KV key, watched with a blocking query on that key.
 * The watch blocks on {@code X-Consul-Index} (never on the entry's ModifyIndex), so a key that does
 * not exist yet is waited for, not polled. Each new value is:
 * <ol>
 *   <li>ignored as <em>unchanged</em> if its SHA-256 equals the current document's;</li>
 *   <li>ignored as <em>stale</em> if its ModifyIndex is older than the current one's;</li>
 *   <li>parsed (YAML or JSON, configured or detected) and validated with {@link ConfigLoader#parse};
 *       an invalid document is <em>rejected</em>, its errors logged and kept in {@link #lastRejection()},
 *       and the current configuration stays current;</li>
 *   <li>otherwise handed to the listeners and, if none refuses it, made current (<em>accepted</em>) and
 *       saved to the {@link LastKnownGoodStore}.</li>
 * </ol>
 * If Consul cannot be reached at start (or the key is missing) and nothing is current, the saved
 * last-known-good document is served and {@link #servingFromLastKnownGood()} is true until Consul
 * delivers one. A deleted key never unloads the current configuration. Thread-safe.
 */
public final class ConsulConfigSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsulConfigSource.class);

    private final String key;
    private final String sourceName;
    private final ConfigLoader loader;
    private final Format format;
    private final LastKnownGoodStore store;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final SerialExecutor serial;
    private final Watch<Optional<KvEntry>> watch;
    private final CopyOnWriteArrayList<Sub> subs = new CopyOnWriteArrayList<>();
    private final AtomicReference<LiveConfig> live = new AtomicReference<>();
    private final AtomicReference<ConfigRejection> lastRejection = new AtomicReference<>();
    private final CompletableFuture<LiveConfig> first = new CompletableFuture<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong staleIgnored = new AtomicLong();

    // Confined to the serial executor.
    private long offers;
    private long liveOffer;
    private boolean lastKnownGoodTried;
    private boolean reportedAbsent;

    private final class Sub implements Subscription {
        final ConfigListener listener;
        long delivered;

        Sub(ConfigListener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            subs.remove(this);
        }
    }

    private ConsulConfigSource(Builder b) {
        this.key = b.key;
        this.sourceName = "consul:" + b.key;
        this.loader = b.loader;
        this.format = b.format;
        this.store = b.store;
        this.clock = b.clock;
        this.ownsScheduler = b.scheduler == null;
        this.scheduler = ownsScheduler ? DaemonThreads.scheduler("graylane-consul-config", 1) : b.scheduler;
        this.serial = new SerialExecutor(scheduler);
        ConsulClient client = b.client;
        QueryOptions base = QueryOptions.DEFAULT.withStale(b.stale);
        this.watch = Watch.<Optional<KvEntry>>builder("kv:" + key,
                        (index, wait) -> client.kvGetAsync(key, base.withIndex(index).withWait(wait)))
                .settings(b.settings)
                .scheduler(scheduler)
                .clock(clock)
                .build();
        watch.subscribe(new WatchListener<>() {
            @Override
            public void onChange(Optional<KvEntry> value, QueryMeta meta) {
                serial.execute(() -> received(value));
            }

            @Override
            public void onError(Throwable error, WatchState state) {
                serial.execute(() -> unreachable(error));
            }
        });
    }

    /** A builder for the source of the configuration stored at {@code key}. */
    public static Builder builder(ConsulClient client, String key) {
        return new Builder(client, key);
    }

    /** Starts watching. Returns this source. */
    public ConsulConfigSource start() {
        watch.start();
        return this;
    }

    /** Adds a listener; it is told the current configuration (if any) soon after, then every accepted one. */
    public Subscription subscribe(ConfigListener listener) {
        Sub sub = new Sub(Objects.requireNonNull(listener, "listener"));
        subs.add(sub);
        serial.execute(() -> {
            LiveConfig current = live.get();
            if (current != null && subs.contains(sub) && sub.delivered < liveOffer) {
                sub.delivered = liveOffer;
                try {
                    sub.listener.onConfig(current);
                } catch (RuntimeException e) {
                    log.warn("{}: a listener failed on the current version {}", sourceName, current.version(), e);
                }
            }
        });
        return sub;
    }

    /** The configuration being served, if any. */
    public Optional<LiveConfig> current() {
        return Optional.ofNullable(live.get());
    }

    /** Completes with the first configuration served (from Consul or the last-known-good file). */
    public CompletableFuture<LiveConfig> firstConfig() {
        return first.copy();
    }

    /** Whether the current configuration came from the last-known-good file because Consul had none to give. */
    public boolean servingFromLastKnownGood() {
        LiveConfig l = live.get();
        return l != null && l.fromLastKnownGood();
    }

    /** Accepted, rejected, unchanged and stale-ignored counts so far. */
    public ConfigSourceCounters counters() {
        return new ConfigSourceCounters(accepted.get(), rejected.get(), unchanged.get(), staleIgnored.get());
    }

    /** The last refused document and why, if any was refused. */
    public Optional<ConfigRejection> lastRejection() {
        return Optional.ofNullable(lastRejection.get());
    }

    /** The KV watch's state (index, errors, staleness), for metrics. */
    public WatchState watchState() {
        return watch.state();
    }

    /** The watched key. */
    public String key() {
        return key;
    }

    /** Stops watching and, if it was created here, the scheduler. */
    @Override
    public void close() {
        watch.close();
        subs.clear();
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ serial executor only

    private void received(Optional<KvEntry> value) {
        if (value.isEmpty()) {
            LiveConfig current = live.get();
            if (!reportedAbsent) {
                reportedAbsent = true;
                if (current != null) {
                    log.warn("{}: the key was deleted; keeping version {}", sourceName, current.version());
                } else {
                    log.warn("{}: the key does not exist; waiting for it", sourceName);
                }
            }
            if (current == null) {
                serveLastKnownGood("the key does not exist in Consul");
            }
            return;
        }
        reportedAbsent = false;
        KvEntry entry = value.get();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(entry.value())).toString();
        } catch (CharacterCodingException e) {
            ConfigVersion version = new ConfigVersion(entry.modifyIndex(), Hashes.sha256(entry.valueAsString()));
            reject(version, List.of(sourceName + ": not UTF-8 text (expected: a UTF-8 YAML or JSON document)"));
            return;
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        ConfigVersion version = new ConfigVersion(entry.modifyIndex(), Hashes.sha256(text));
        LiveConfig current = live.get();
        if (current != null && current.version().contentHash().equals(version.contentHash())) {
            unchanged.incrementAndGet();
            if (current.fromLastKnownGood()) {
                live.set(new LiveConfig(version, current.config(), current.text(), false));
                log.info("{}: Consul holds the last-known-good document ({}); now serving it from Consul",
                        sourceName, version);
            } else {
                log.debug("{}: version {} has the same content as the current one; nothing to do", sourceName, version);
            }
            return;
        }
        if (current != null && !current.fromLastKnownGood() && version.modifyIndex() < current.version().modifyIndex()) {
            staleIgnored.incrementAndGet();
            log.warn("{}: ignoring version {}: its ModifyIndex is older than the current version {}", sourceName,
                    version, current.version());
            return;
        }
        GraylaneConfig config;
        try {
            config = loader.parse(text, format != null ? format : detect(text), sourceName);
        } catch (ConfigException e) {
            reject(version, e.errors().stream().map(ConfigError::toString).toList());
            return;
        } catch (RuntimeException e) {
            reject(version, List.of(sourceName + ": " + e.getMessage()));
            return;
        }
        if (offer(new LiveConfig(version, config, text, false))) {
            accepted.incrementAndGet();
            log.info("{}: version {} is live", sourceName, version);
            save(version, text);
        }
    }

    private void unreachable(Throwable error) {
        if (live.get() == null) {
            serveLastKnownGood("Consul is unreachable (" + error.getMessage() + ")");
        }
    }

    private void serveLastKnownGood(String why) {
        if (lastKnownGoodTried || store == null) {
            return;
        }
        lastKnownGoodTried = true;
        Optional<LastKnownGoodStore.StoredConfig> saved = store.loadConfig(key);
        if (saved.isEmpty()) {
            log.warn("{}: {} and there is no last-known-good configuration", sourceName, why);
            return;
        }
        LastKnownGoodStore.StoredConfig s = saved.get();
        GraylaneConfig config;
        try {
            config = loader.parse(s.text(), format != null ? format : detect(s.text()), sourceName + " (last-known-good)");
        } catch (RuntimeException e) {
            log.error("{}: {} and the last-known-good configuration is no longer valid: {}", sourceName, why,
                    e.getMessage());
            return;
        }
        if (offer(new LiveConfig(s.version(), config, s.text(), true))) {
            log.warn("{}: {}; serving the last-known-good configuration {} saved at {}", sourceName, why,
                    s.version(), s.savedAt());
        }
    }

    /** Tells every listener; makes {@code next} current only if none refused it. */
    private boolean offer(LiveConfig next) {
        long seq = ++offers;
        for (Sub sub : subs) {
            if (sub.delivered >= seq) {
                continue;
            }
            sub.delivered = seq;
            try {
                sub.listener.onConfig(next);
            } catch (RuntimeException e) {
                reject(next.version(), List.of(sourceName + ": refused by a listener: " + e.getMessage()));
                return false;
            }
        }
        liveOffer = seq;
        live.set(next);
        first.complete(next);
        return true;
    }

    private void reject(ConfigVersion version, List<String> errors) {
        rejected.incrementAndGet();
        lastRejection.set(new ConfigRejection(version, errors, clock.instant()));
        LiveConfig current = live.get();
        log.error("{}: rejected version {} ({} problem(s)); {}:\n  {}", sourceName, version, errors.size(),
                current == null ? "no configuration is live yet" : "keeping version " + current.version(),
                String.join("\n  ", errors));
    }

    private void save(ConfigVersion version, String text) {
        if (store == null) {
            return;
        }
        try {
            store.saveConfig(key, version, text);
        } catch (RuntimeException e) {
            log.warn("{}: could not save the last-known-good configuration: {}", sourceName, e.getMessage());
        }
    }

    /** JSON if the document starts with '{' (after blanks), else YAML. */
    static Format detect(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' ? Format.JSON : Format.YAML;
            }
        }
        return Format.YAML;
    }

    /** Builds a {@link ConsulConfigSource}; not thread-safe. */
    public static final class Builder {
        private final ConsulClient client;
        private final String key;
        private ConfigLoader loader = new ConfigLoader();
        private Format format;
        private WatchSettings settings = WatchSettings.DEFAULT;
        private boolean stale;
        private LastKnownGoodStore store;
        private ScheduledExecutorService scheduler;
        private Clock clock = Clock.systemUTC();

        private Builder(ConsulClient client, String key) {
            this.client = Objects.requireNonNull(client, "client");
            Objects.requireNonNull(key, "key");
            if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
                throw new IllegalArgumentException("key: \"" + key + "\" (expected: a KV key such as graylane/config)");
            }
            this.key = key;
        }

        /** Parses and validates documents; default {@code new ConfigLoader()} (substitutes from the process environment). */
        public Builder loader(ConfigLoader value) {
            this.loader = Objects.requireNonNull(value, "loader");
            return this;
        }

        /** The documents' syntax; default: detected ({@code {…}} is JSON, anything else YAML). */
        public Builder format(Format value) {
            this.format = Objects.requireNonNull(value, "format");
            return this;
        }

        /** Wait, rate limit and back-off of the KV watch. */
        public Builder settings(WatchSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** Whether any Consul server may answer ({@code ?stale}); default false. */
        public Builder stale(boolean value) {
            this.stale = value;
            return this;
        }

        /** Saves accepted documents to, and serves from when Consul has none, this store. Default none. */
        public Builder lastKnownGood(LastKnownGoodStore value) {
            this.store = Objects.requireNonNull(value, "lastKnownGood");
            return this;
        }

        /** A scheduler to run on (not shut down by {@link #close()}); default: an own daemon thread. */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** Clock for rejection times and watch state; default UTC. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The source, not yet started. */
        public ConsulConfigSource build() {
            return new ConsulConfigSource(this);
        }
    }
}
