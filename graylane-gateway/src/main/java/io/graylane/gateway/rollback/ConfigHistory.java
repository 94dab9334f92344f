package io.graylane.gateway.rollback;

import io.graylane.consul.HistoryEntry;
import io.graylane.consul.KvConfigHistory;
import io.graylane.core.GraylaneException;
import io.graylane.gateway.run.ConfigRevision;
import io.graylane.gateway.run.RevisionGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The configuration versions a gateway served, newest first, bounded by the serving config's
 * {@code rollback.history}; with a Consul key, each version seen is also recorded under the key's
 * history prefix ({@link KvConfigHistory}, off the source's thread). It is the sources'
 * {@link RevisionGate}: a version rolled back as bad is refused until a newer one is written (a Consul
 * key: a higher ModifyIndex) or the file held other content first. Thread-safe.
 */
public final class ConfigHistory implements RevisionGate, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigHistory.class);

    /**
     * A version rolled back as bad.
     *
     * @param hash        its content hash
     * @param modifyIndex its ModifyIndex (0 for a file): a Consul version above it is let through
     * @param version     its version, for messages
     * @param at          when it was rolled back
     * @param reason      why
     */
    public record BadVersion(String hash, long modifyIndex, String version, Instant at, String reason) {
    }

    private final Deque<ConfigRevision> entries = new ArrayDeque<>();
    private final List<BadVersion> bad = new ArrayList<>();
    private final CopyOnWriteArrayList<Consumer<ConfigRevision>> listeners = new CopyOnWriteArrayList<>();
    private volatile ConfigRevision current;
    private volatile KvConfigHistory kv;
    private ExecutorService kvThread;

    /** An empty history. */
    public ConfigHistory() {
    }

    /**
     * Also records every version seen from Consul under {@code history}'s prefix, pruned to the bound,
     * starting with the one serving now.
     */
    public void mirrorTo(KvConfigHistory history) {
        ConfigRevision now;
        synchronized (this) {
            this.kv = history;
            if (kvThread == null) {
                kvThread = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "graylane-config-history");
                    t.setDaemon(true);
                    return t;
                });
            }
            now = current;
        }
        if (now != null) {
            mirror(now, now.config().rollback().history());
        }
    }

    /** Tells {@code listener} every version applied from now on, on the source's thread; it must not throw. */
    public void onApplied(Consumer<ConfigRevision> listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized void admit(ConfigRevision revision) {
        if (revision.modifyIndex() == 0) {
            // A file: other content in the file ends the refusal of a bad one.
            bad.removeIf(b -> b.modifyIndex() == 0 && !b.hash().equals(revision.hash()));
        }
        for (BadVersion b : bad) {
            if (b.hash().equals(revision.hash()) && (b.modifyIndex() == 0 || revision.modifyIndex() <= b.modifyIndex())) {
                throw new GraylaneException("version " + revision.version() + " was rolled back at " + b.at() + " ("
                        + b.reason() + "); refused until " + (b.modifyIndex() == 0
                        ? "the file holds other content first, or an admin rollback names it"
                        : "a newer version is written to the key"));
            }
        }
    }

    @Override
    public void applied(ConfigRevision revision) {
        synchronized (this) {
            entries.removeIf(e -> e.version().equals(revision.version()));
            entries.addFirst(revision);
            int keep = revision.config().rollback().history();
            while (entries.size() > keep) {
                entries.removeLast();
            }
            current = revision;
        }
        mirror(revision, revision.config().rollback().history());
        for (Consumer<ConfigRevision> l : listeners) {
            try {
                l.accept(revision);
            } catch (RuntimeException e) {
                log.warn("{}: a history listener failed", revision, e);
            }
        }
    }

    /** Remembers {@code revision} as bad: the sources refuse it again (see the class documentation). */
    public synchronized void markBad(ConfigRevision revision, String reason, Instant at) {
        bad.removeIf(b -> b.hash().equals(revision.hash()));
        bad.add(new BadVersion(revision.hash(), revision.modifyIndex(), revision.version(), at, reason));
        while (bad.size() > 16) {
            bad.remove(0);
        }
    }

    /** Forgets that the content {@code hash} was bad (an admin chose to go back to it). */
    public synchronized void clearBad(String hash) {
        bad.removeIf(b -> b.hash().equals(hash));
    }

    /** The bad mark of the content {@code hash}, if any. */
    public synchronized Optional<BadVersion> badMark(String hash) {
        return bad.stream().filter(b -> b.hash().equals(hash)).findFirst();
    }

    /** The versions kept, newest first. */
    public synchronized List<ConfigRevision> entries() {
        return List.copyOf(entries);
    }

    /** The version serving now, or {@code null} before the first. */
    public ConfigRevision current() {
        return current;
    }

    /**
     * The kept version {@code to} names: its version exactly ({@code 41/3f2a9c1b}, {@code 3f2a9c1b0d4e}),
     * a ModifyIndex ({@code 41}), or a prefix of at least 6 hex digits of one content hash.
     */
    public synchronized Optional<ConfigRevision> find(String to) {
        String want = to.strip().toLowerCase(Locale.ROOT);
        for (ConfigRevision e : entries) {
            if (e.version().equals(want)) {
                return Optional.of(e);
            }
        }
        if (!want.isEmpty() && want.chars().allMatch(Character::isDigit) && want.length() < 19) {
            long index = Long.parseLong(want);
            for (ConfigRevision e : entries) {
                if (e.modifyIndex() == index && index > 0) {
                    return Optional.of(e);
                }
            }
        }
        if (want.length() >= 6 && want.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            List<ConfigRevision> hits = entries.stream().filter(e -> e.hash().startsWith(want))
                    .map(ConfigRevision::hash).distinct()
                    .map(h -> entries.stream().filter(e -> e.hash().equals(h)).findFirst().orElseThrow()).toList();
            if (hits.size() == 1) {
                return Optional.of(hits.get(0));
            }
        }
        return Optional.empty();
    }

    private void mirror(ConfigRevision revision, int keep) {
        KvConfigHistory history = kv;
        ExecutorService thread;
        synchronized (this) {
            thread = kvThread;
        }
        if (history == null || thread == null || revision.modifyIndex() < 1 || revision.source().equals("last-known-good")) {
            return;
        }
        String source = revision.source().equals("consul") ? KvConfigHistory.SEEN_BY_GATEWAY : revision.source();
        HistoryEntry entry = new HistoryEntry(revision.modifyIndex(), revision.hash(), revision.time(), source,
                revision.note(), revision.text());
        try {
            thread.execute(() -> {
                try {
                    history.record(entry);
                    history.prune(keep);
                } catch (RuntimeException e) {
                    log.warn("{}: could not record version {} under {}: {}", revision.origin(), revision.version(),
                            KvConfigHistory.prefixOf(history.key()), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed.
        }
    }

    /** Stops recording to Consul. */
    @Override
    public synchronized void close() {
        if (kvThread != null) {
            kvThread.shutdown();
        }
    }
}
