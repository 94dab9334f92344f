package io.graylane.gateway.run;

import io.graylane.config.ConfigError;
import io.graylane.config.ConfigException;
import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.engine.LaneEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The engine from a config file, followed for changes: the file is looked at every
 * {@code pollInterval} (default 1 s; its size, modification time and identity first, its text only when
 * they changed) and whenever {@link #refresh()} or {@link #reload()} asks. A text whose SHA-256 equals
 * the serving one's is a no-op. A changed text is parsed, validated and built into an engine off to the
 * side; only a complete engine is swapped in. A text that cannot be read or is invalid is
 * <em>rejected</em>: its errors are logged once (and again on each forced look) and the last good engine
 * keeps serving. So is one the listener throws on (the server could not build its middleware chain).
 *
 * <p>All work runs on one daemon thread ({@code graylane-config-file}), so looks never overlap and
 * listeners are told in order. Thread-safe.
 *
 * <pre>{@code
 * FileConfigSource source = FileConfigSource.builder(Path.of("graylane.yaml")).build();
 * GatewayServer server = GatewayServer.builder(source.load().engine()).build().start();
 * source.watch(snapshot -> server.updateEngine(snapshot.engine()));
 * }</pre>
 */
public final class FileConfigSource implements EngineSource {

    private static final Logger log = LoggerFactory.getLogger(FileConfigSource.class);

    private final Path file;
    private final String origin;
    private final ConfigLoader loader;
    private final Function<GraylaneConfig, LaneEngine> engineFactory;
    private final Duration pollInterval;
    private final RevisionGate gate;
    private final ScheduledExecutorService executor;
    private final AtomicReference<Thread> sourceThread = new AtomicReference<>();
    private final AtomicReference<EngineSnapshot> serving = new AtomicReference<>();
    private final AtomicReference<ReloadOutcome.Rejected> lastRejection = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong rejectedCount = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong unchangedCount = new java.util.concurrent.atomic.AtomicLong();

    // Confined to the source thread.
    private String servingHash;
    private String lastSeenKey;
    private FileStamp lastStamp;
    private Consumer<EngineSnapshot> listener;

    private FileConfigSource(Builder b) {
        this.file = b.file;
        this.origin = b.file.toString();
        this.loader = b.loader;
        this.engineFactory = b.engineFactory;
        this.pollInterval = b.pollInterval;
        this.gate = b.gate;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "graylane-config-file");
            t.setDaemon(true);
            sourceThread.set(t);
            return t;
        });
    }

    /** A builder for the source of {@code file} (.yaml, .yml or .json). */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /**
     * Reads, validates and builds the first engine.
     *
     * @throws ConfigException when the file cannot be read, has an unknown extension or is invalid
     * @throws IllegalStateException when already loaded or closed
     */
    @Override
    public EngineSnapshot load() {
        return onSourceThread("load", () -> {
            if (serving.get() != null) {
                throw new IllegalStateException("load: already loaded (expected: load() once)");
            }
            FileStamp stamp = FileStamp.of(file);
            String text = read();
            EngineSnapshot first = build(text);
            servingHash = ContentHash.sha256(text);
            lastSeenKey = servingHash;
            lastStamp = stamp;
            serving.set(first);
            gate.applied(revision(first, text, stamp, "file", ""));
            return first;
        });
    }

    /**
     * Starts polling (unless the poll interval is 0) and tells {@code listener} each new snapshot before it
     * becomes {@link #current()}; a listener that throws refuses it (a {@link ReloadOutcome.Rejected}).
     */
    @Override
    public void watch(Consumer<EngineSnapshot> listener) {
        Objects.requireNonNull(listener, "listener");
        onSourceThread("watch", () -> {
            if (serving.get() == null) {
                throw new IllegalStateException("watch: nothing loaded (expected: load() first)");
            }
            if (this.listener != null) {
                throw new IllegalStateException("watch: already watching (expected: one listener)");
            }
            this.listener = listener;
            return null;
        });
        if (!pollInterval.isZero()) {
            long nanos = pollInterval.toNanos();
            executor.scheduleWithFixedDelay(this::poll, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Looks at the file now, on the source's thread, without waiting; the outcome is logged. */
    @Override
    public void refresh() {
        try {
            executor.execute(() -> {
                try {
                    look(true);
                } catch (RuntimeException e) {
                    log.error("{}: reload failed", origin, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed: nothing to refresh.
        }
    }

    /**
     * Looks at the file now and waits for the outcome, which is also logged. Forced: the text is read
     * even if the file's attributes did not change, and a rejection is reported again.
     *
     * @throws IllegalStateException when nothing is loaded yet or the source is closed
     */
    public ReloadOutcome reload() {
        return onSourceThread("reload", () -> {
            if (serving.get() == null) {
                throw new IllegalStateException("reload: nothing loaded (expected: load() first)");
            }
            return look(true);
        });
    }

    /** The snapshot serving now. @throws IllegalStateException before {@link #load()} */
    public EngineSnapshot current() {
        EngineSnapshot s = serving.get();
        if (s == null) {
            throw new IllegalStateException("current: nothing loaded (expected: load() first)");
        }
        return s;
    }

    /**
     * Changes refused and looks that found the serving text again, since the start (a poll that sees
     * the file's attributes unchanged is no look; a refused text is counted once until it changes,
     * and again at each forced look).
     */
    public SourceReloads reloads() {
        return new SourceReloads(rejectedCount.get(), unchangedCount.get());
    }

    /** The last refused change, if any since the source started. */
    public Optional<ReloadOutcome.Rejected> lastRejection() {
        return Optional.ofNullable(lastRejection.get());
    }

    /** The file followed. */
    public Path file() {
        return file;
    }

    /** Stops polling; the snapshot serving stays what it was. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void poll() {
        try {
            look(false);
        } catch (RuntimeException e) {
            // Never let the periodic task die: the next tick tries again.
            log.error("{}: looking for changes failed", origin, e);
        }
    }

    private ReloadOutcome look(boolean forced) {
        EngineSnapshot current = serving.get();
        FileStamp stamp = FileStamp.of(file);
        if (!forced && stamp != null && stamp.sameAs(lastStamp) && !lastStamp.racy()) {
            return new ReloadOutcome.Unchanged(current);
        }
        String text = null;
        String key;
        List<ConfigError> readErrors = null;
        try {
            text = read();
            key = ContentHash.sha256(text);
        } catch (ConfigException e) {
            readErrors = e.errors();
            key = "unreadable: " + e.getMessage();
        }
        lastStamp = stamp;
        String previousKey = lastSeenKey;
        lastSeenKey = key;
        if (key.equals(servingHash)) {
            unchangedCount.incrementAndGet();
            if (forced) {
                log.info("{}: unchanged, serving version {}", origin, current.version());
            } else if (!key.equals(previousKey)) {
                log.info("{}: back to the serving version {}", origin, current.version());
            }
            return new ReloadOutcome.Unchanged(current);
        }
        if (!forced && key.equals(previousKey)) {
            // Already reported when it was first seen.
            return new ReloadOutcome.Unchanged(current);
        }
        if (readErrors != null) {
            return reject(current, null, readErrors);
        }
        String version = EngineSnapshot.contentVersion(text);
        EngineSnapshot next;
        try {
            next = build(text);
        } catch (ConfigException e) {
            return reject(current, version, e.errors());
        }
        ConfigRevision revision = revision(next, text, stamp, "file", "");
        try {
            gate.admit(revision);
        } catch (RuntimeException e) {
            return reject(current, version, List.of(new ConfigError(origin, "", "not applied: " + e.getMessage())));
        }
        if (listener != null) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                // The server could not take it (its middleware chain failed to build, say): not live.
                log.debug("{}: the listener refused version {}", origin, next.version(), e);
                return reject(current, version, List.of(new ConfigError(origin, "",
                        "not applied: " + e.getMessage())));
            }
        }
        servingHash = key;
        serving.set(next);
        log.info("{}: reloaded, version {} -> {} ({})", origin, current.version(), next.version(), next.summary());
        gate.applied(revision);
        return new ReloadOutcome.Applied(current, next);
    }

    /**
     * Serves {@code revision}'s text instead of the file's (a rollback) and waits for the outcome. The
     * file on disk is not changed: this is logged, and the next change to the file wins (a forced look,
     * SIGHUP, reads it again).
     *
     * @throws ConfigException       when the text is not valid (any more), or the listener refused it
     * @throws IllegalStateException when nothing is loaded yet or the source is closed
     */
    public ReloadOutcome apply(ConfigRevision revision) {
        Objects.requireNonNull(revision, "revision");
        return onSourceThread("apply", () -> {
            EngineSnapshot current = serving.get();
            if (current == null) {
                throw new IllegalStateException("apply: nothing loaded (expected: load() first)");
            }
            String key = ContentHash.sha256(revision.text());
            if (key.equals(servingHash)) {
                return new ReloadOutcome.Unchanged(current);
            }
            EngineSnapshot next = build(revision.text());
            if (listener != null) {
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    throw new ConfigException(List.of(new ConfigError(origin, "", "not applied: " + e.getMessage())));
                }
            }
            servingHash = key;
            serving.set(next);
            log.warn("{}: now serving version {} instead of the file's version {} ({}): the file on disk was not"
                            + " changed, and its next change wins (a file source cannot make other gateways follow)",
                    origin, next.version(), lastSeenKey.startsWith("unreadable") ? "unreadable"
                            : lastSeenKey.substring(0, 12), revision.source());
            gate.applied(revision);
            return new ReloadOutcome.Applied(current, next);
        });
    }

    private ConfigRevision revision(EngineSnapshot snapshot, String text, FileStamp stamp, String how, String note) {
        java.time.Instant time = stamp == null ? java.time.Instant.now() : stamp.modified().toInstant();
        return new ConfigRevision(snapshot.version(), ContentHash.sha256(text), 0, time, origin, how, note, text,
                snapshot.config());
    }

    private ReloadOutcome.Rejected reject(EngineSnapshot current, String version, List<ConfigError> errors) {
        ReloadOutcome.Rejected rejected = new ReloadOutcome.Rejected(current, version, errors);
        rejectedCount.incrementAndGet();
        lastRejection.set(rejected);
        log.warn("{}: not reloaded{}, still serving version {}: {} error{}\n{}", origin,
                version == null ? "" : " (version " + version + ")", current.version(), errors.size(),
                errors.size() == 1 ? "" : "s",
                errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        return rejected;
    }

    private String read() {
        if (Format.of(file).isEmpty()) {
            throw single("unknown file type (expected: a .yaml, .yml or .json file)");
        }
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw single("no such file (expected: a readable config file)");
        } catch (CharacterCodingException e) {
            throw single("not UTF-8 text (expected: a UTF-8 encoded file)");
        } catch (IOException e) {
            throw single("cannot read: " + e);
        }
    }

    private EngineSnapshot build(String text) {
        GraylaneConfig config = loader.parse(text, Format.of(file).orElseThrow(), origin);
        LaneEngine engine;
        try {
            engine = engineFactory.apply(config);
        } catch (RuntimeException e) {
            throw single("cannot build the engine: " + e.getMessage());
        }
        return new EngineSnapshot(engine, EngineSnapshot.contentVersion(text), origin);
    }

    private ConfigException single(String message) {
        return new ConfigException(List.of(new ConfigError(origin, "", message)));
    }

    /** Runs {@code work} on the source thread (inline when already on it) and waits for it. */
    private <T> T onSourceThread(String what, Callable<T> work) {
        if (Thread.currentThread() == sourceThread.get()) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> f;
        try {
            f = executor.submit(work);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException(what + ": source is closed", e);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new IllegalStateException(what + ": interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(what + ": " + e.getCause(), e.getCause());
        }
    }

    /** Settings of a {@link FileConfigSource}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {

        private final Path file;
        private ConfigLoader loader = new ConfigLoader();
        private Function<GraylaneConfig, LaneEngine> engineFactory = LaneEngine::create;
        private Duration pollInterval = Duration.ofSeconds(1);
        private RevisionGate gate = RevisionGate.OPEN;

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /** The loader (environment substitution). Default one over the process environment. */
        public Builder loader(ConfigLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * How an engine is built from a valid configuration. Default {@link LaneEngine#create(GraylaneConfig)}:
         * the instances of the config's {@code discovery.static} section. A throw rejects the change.
         */
        public Builder engineFactory(Function<GraylaneConfig, LaneEngine> engineFactory) {
            this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
            return this;
        }

        /** How often the file is looked at; {@link Duration#ZERO} turns polling off (SIGHUP only). Default 1 s. */
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "pollInterval");
            if (interval.isNegative() || !interval.isZero() && interval.toMillis() < 10) {
                throw new IllegalArgumentException("pollInterval: " + interval.toMillis() + "ms (expected: 0 or >= 10ms)");
            }
            this.pollInterval = interval;
            return this;
        }

        /** Told every version before and after it is applied; may refuse one. Default {@link RevisionGate#OPEN}. */
        public Builder revisions(RevisionGate value) {
            this.gate = Objects.requireNonNull(value, "revisions");
            return this;
        }

        /** The source; nothing is read until {@link FileConfigSource#load()}. */
        public FileConfigSource build() {
            return new FileConfigSource(this);
        }
    }
}
