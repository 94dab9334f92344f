package io.graylane.gateway.rollback;

import io.graylane.config.ConfigException;
import io.graylane.consul.ConsulException;
import io.graylane.consul.HistoryEntry;
import io.graylane.consul.KvConfigWriter;
import io.graylane.consul.KvEntry;
import io.graylane.gateway.run.ConfigRevision;
import io.graylane.gateway.run.ConsulEngineSource;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Rolls the configuration back to a version of the {@link ConfigHistory}, by hand (admin API) or
 * automatically ({@link AutoRollback}). With a Consul key the chosen text is written back to the key with
 * check-and-set on the ModifyIndex just read, so every gateway watching it converges; a version that is
 * no longer in this gateway's memory is read from the key's history prefix. With a file the version is
 * applied here only: the file on disk is not changed (logged) and its next change wins. Each rollback
 * that took place counts in {@code graylane_config_rollbacks_total{reason}}. Thread-safe (one rollback
 * at a time).
 */
public final class Rollbacks {

    private static final Logger log = LoggerFactory.getLogger(Rollbacks.class);

    private final ConfigHistory history;
    private final ConsulEngineSource source;
    private final KvConfigWriter writer;
    private final Clock clock;
    private final Counter counter;

    /**
     * @param history  the versions kept
     * @param source   the gateway's source (for local application, and the key's writer)
     * @param registry where {@code graylane_config_rollbacks_total} is registered, or {@code null}
     */
    public Rollbacks(ConfigHistory history, ConsulEngineSource source, PrometheusRegistry registry, Clock clock) {
        this.history = Objects.requireNonNull(history, "history");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = source.kvWriter(clock).orElse(null);
        if (writer != null) {
            history.mirrorTo(writer.history());
        }
        this.counter = Counter.builder().name("graylane_config_rollbacks_total")
                .help("Config rollbacks that took place, by reason: manual (admin API) or auto (error rate after a swap)")
                .labelNames("reason")
                .build();
        counter.labelValues("manual");
        counter.labelValues("auto");
        if (registry != null) {
            registry.register(counter);
        }
    }

    /** The history this rolls back in. */
    public ConfigHistory history() {
        return history;
    }

    /** Rollbacks so far with {@code reason} ({@code manual} or {@code auto}). */
    public long count(String reason) {
        return (long) counter.labelValues(reason).get();
    }

    /** Rolls back to the version {@code to} names ({@link ConfigHistory#find}, or a ModifyIndex in KV history). */
    public synchronized RollbackResult manual(String to) {
        ConfigRevision live = history.current();
        Optional<ConfigRevision> target = history.find(to);
        if (target.isEmpty() && writer != null && to.strip().matches("[0-9]{1,18}")) {
            target = fromKv(Long.parseLong(to.strip()));
        }
        if (target.isEmpty()) {
            return new RollbackResult.NotFound(to, history.entries().stream().map(ConfigRevision::version)
                    .collect(Collectors.joining(", ")));
        }
        ConfigRevision t = target.get();
        history.clearBad(t.hash());
        String note = "manual rollback to " + t.version() + (live == null ? "" : " from " + live.version());
        RollbackResult result = writer != null ? write(t, null, note) : local(t, "rollback", note, "a file source");
        finish(result, "manual", live, t, note);
        return result;
    }

    /**
     * Rolls back from {@code bad} to {@code target} because of {@code why}; {@code bad} is remembered as
     * bad first, so it is not applied again. With a Consul key, the key is written only while it still
     * holds {@code bad} (someone may have written a newer version meanwhile); when Consul cannot be
     * written, {@code target} is applied here.
     */
    public synchronized RollbackResult automatic(ConfigRevision bad, ConfigRevision target, String why) {
        history.markBad(bad, why, clock.instant());
        String note = "automatic rollback from " + bad.version() + ": " + why;
        RollbackResult result;
        if (writer != null) {
            result = write(target, bad.hash(), note);
            if (result instanceof RollbackResult.Conflict) {
                // Another gateway of the fleet (or a person) wrote the key first: read it again. If it no
                // longer holds the bad version that write stands; if it still does, try once more.
                result = write(target, bad.hash(), note);
            }
            if (result instanceof RollbackResult.Failed f) {
                log.warn("{}: could not write the rollback to Consul ({}); rolling back on this gateway only",
                        bad.origin(), f.reason());
                result = local(target, "auto-rollback", note, "Consul could not be written: " + f.reason());
            }
        } else {
            result = local(target, "auto-rollback", note, "a file source");
        }
        finish(result, "auto", bad, target, note);
        return result;
    }

    private void finish(RollbackResult result, String reason, ConfigRevision from, ConfigRevision to, String note) {
        if (result instanceof RollbackResult.Written || result instanceof RollbackResult.Applied) {
            counter.labelValues(reason).inc();
            log.warn("{} rollback: {} ({})", reason, result.message(), note);
        } else if (result.ok()) {
            log.info("{} rollback to {}: {}", reason, to.version(), result.message());
        } else {
            log.warn("{} rollback to {} from {}: {}", reason, to.version(), from == null ? "none" : from.version(),
                    result.message());
        }
    }

    /** Writes {@code target}'s text to the key, if the key still holds {@code onlyOverHash} (null: whatever it holds). */
    private RollbackResult write(ConfigRevision target, String onlyOverHash, String note) {
        String key = writer.history().key();
        try {
            source.checkText(target.text());
        } catch (ConfigException e) {
            return new RollbackResult.Failed("version " + target.version() + " is not valid any more: "
                    + e.getMessage());
        }
        try {
            Optional<KvEntry> now = writer.read();
            long index = now.map(KvEntry::modifyIndex).orElse(0L);
            String liveHash = now.map(e -> ConfigRevision.hashOf(e.valueAsString())).orElse("");
            String liveVersion = index + "/" + (liveHash.isEmpty() ? "none" : liveHash.substring(0, 8));
            if (liveHash.equals(target.hash())) {
                return new RollbackResult.Unchanged(liveVersion);
            }
            if (onlyOverHash != null && !liveHash.equals(onlyOverHash)) {
                return new RollbackResult.Unchanged(liveVersion + " (the key changed since; not overwritten)");
            }
            String source = onlyOverHash == null ? "rollback" : "auto-rollback";
            KvConfigWriter.Outcome outcome = writer.write(target.text(), index, source, note,
                    target.config().rollback().history());
            if (outcome instanceof KvConfigWriter.Written w) {
                return new RollbackResult.Written("consul:" + key, liveVersion, target.version(), w.index());
            }
            if (outcome instanceof KvConfigWriter.Unchanged u) {
                return new RollbackResult.Unchanged(u.index() + "/" + target.hash().substring(0, 8));
            }
            KvConfigWriter.Conflict c = (KvConfigWriter.Conflict) outcome;
            return new RollbackResult.Conflict("consul:" + key, c.expectedIndex(), c.index());
        } catch (ConsulException | IllegalStateException e) {
            return new RollbackResult.Failed("Consul: " + e.getMessage());
        }
    }

    private RollbackResult local(ConfigRevision target, String how, String note, String why) {
        ConfigRevision live = history.current();
        if (live != null && live.hash().equals(target.hash())) {
            return new RollbackResult.Unchanged(live.version());
        }
        try {
            source.applyLocally(target.as(how, note, clock.instant()));
        } catch (RuntimeException e) {
            return new RollbackResult.Failed("version " + target.version() + " could not be applied: " + e.getMessage());
        }
        return new RollbackResult.Applied(live == null ? "none" : live.version(), target.version(), why);
    }

    private Optional<ConfigRevision> fromKv(long version) {
        Optional<HistoryEntry> entry;
        try {
            entry = writer.history().get(version);
        } catch (ConsulException e) {
            return Optional.empty();
        }
        return entry.map(e -> {
            try {
                return new ConfigRevision(e.shortForm(), e.hash(), e.version(), e.time(), "consul:" + writer.history().key(),
                        e.source(), e.note(), e.text(), source.checkText(e.text()));
            } catch (ConfigException invalid) {
                return null;
            }
        });
    }
}
