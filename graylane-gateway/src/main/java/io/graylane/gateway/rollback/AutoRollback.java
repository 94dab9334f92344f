package io.graylane.gateway.rollback;

import io.graylane.core.config.RollbackSettings;
import io.graylane.gateway.proxy.ServedCounts;
import io.graylane.gateway.run.ConfigRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Automatic rollback: when a new configuration version goes live and its {@code rollback.auto} is
 * enabled, its answers are watched for {@code window}. Once it has answered {@code minRequests}, an
 * error rate (5xx, middleware failures included) more than {@code margin} above the previous version's
 * (over that version's whole life) rolls back to the previous version through {@link Rollbacks}: with a
 * Consul key by a check-and-set write every gateway follows, with a file here only. The bad version is
 * remembered by the {@link ConfigHistory}, so it is not applied again in a loop. Checks run on one
 * daemon thread a few times per window, never on the request path. Thread-safe.
 */
public final class AutoRollback implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AutoRollback.class);

    private final ConfigHistory history;
    private final Rollbacks rollbacks;
    private final Supplier<ServedCounts> counts;
    private final Clock clock;
    private final ScheduledExecutorService thread;

    // Guarded by this.
    private ConfigRevision current;
    private ServedCounts currentCounts;
    private Watching watching;

    /** One version under watch. */
    private record Watching(ConfigRevision previous, ServedCounts previousCounts, ConfigRevision revision,
                            ServedCounts counts, RollbackSettings.Auto settings, Instant until,
                            ScheduledFuture<?>[] task) {
    }

    /**
     * @param counts what the gateway answered under the config serving now ({@code server::servedCounts})
     */
    public AutoRollback(ConfigHistory history, Rollbacks rollbacks, Supplier<ServedCounts> counts, Clock clock) {
        this.history = Objects.requireNonNull(history, "history");
        this.rollbacks = Objects.requireNonNull(rollbacks, "rollbacks");
        this.counts = Objects.requireNonNull(counts, "counts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "graylane-auto-rollback");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts following the history: the version serving now is the baseline of the next one. */
    public AutoRollback start() {
        synchronized (this) {
            current = history.current();
            currentCounts = counts.get();
        }
        history.onApplied(this::applied);
        return this;
    }

    /** Whether a version is being watched now. */
    public synchronized boolean watching() {
        return watching != null;
    }

    private synchronized void applied(ConfigRevision revision) {
        ConfigRevision previous = current;
        ServedCounts previousCounts = currentCounts;
        current = revision;
        currentCounts = counts.get();
        stopWatching();
        RollbackSettings.Auto settings = revision.config().rollback().auto();
        if (!settings.enabled() || previous == null || previousCounts == null
                || previous.hash().equals(revision.hash())
                || revision.source().endsWith("rollback")
                || history.badMark(previous.hash()).isPresent()) {
            return; // nothing to compare with, or this is a rollback itself
        }
        Duration window = settings.window();
        long tick = Math.max(50, Math.min(1000, window.toMillis() / 20));
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        Watching w = new Watching(previous, previousCounts, revision, currentCounts, settings,
                clock.instant().plus(window), task);
        watching = w;
        task[0] = thread.scheduleWithFixedDelay(() -> check(w), tick, tick, TimeUnit.MILLISECONDS);
        log.info("{}: watching its error rate for {} after the swap: once it answered {} requests, a rate more than {}"
                + " above version {}'s rolls back to that version", revision, format(window), settings.minRequests(),
                percent(settings.margin()), previous.version());
    }

    private void check(Watching w) {
        String why;
        synchronized (this) {
            if (watching != w) {
                return;
            }
            why = verdict(w);
            if (why == null) {
                if (!clock.instant().isBefore(w.until())) {
                    stopWatching();
                    log.info("{}: kept after its rollback window ({} errors in {} requests)", w.revision(),
                            w.counts().errors(), w.counts().requests());
                }
                return;
            }
            stopWatching();
        }
        log.warn("automatic rollback: version {} {}; rolling back to version {}", w.revision().version(), why,
                w.previous().version());
        try {
            rollbacks.automatic(w.revision(), w.previous(), why);
        } catch (RuntimeException e) {
            log.error("automatic rollback from {} to {} failed", w.revision().version(), w.previous().version(), e);
        }
    }

    /** Why {@code w}'s version must go, or {@code null} while it may stay. */
    private static String verdict(Watching w) {
        long n = w.counts().requests();
        if (n < w.settings().minRequests()) {
            return null;
        }
        long errors = w.counts().errors();
        double rate = (double) errors / n;
        long before = w.previousCounts().requests();
        long beforeErrors = w.previousCounts().errors();
        double previousRate = before == 0 ? 0 : (double) beforeErrors / before;
        if (rate <= previousRate + w.settings().margin()) {
            return null;
        }
        return "answered " + percent(rate) + " errors (" + errors + " of " + n + " requests) since it went live,"
                + " against " + percent(previousRate) + " (" + beforeErrors + " of " + before + ") for version "
                + w.previous().version() + " (margin " + percent(w.settings().margin()) + ")";
    }

    private void stopWatching() {
        Watching w = watching;
        watching = null;
        if (w != null && w.task()[0] != null) {
            w.task()[0].cancel(false);
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** Stops watching. */
    @Override
    public synchronized void close() {
        stopWatching();
        thread.shutdownNow();
    }
}
