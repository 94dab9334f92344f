package io.graylane.gateway.cli;

import io.graylane.consul.ConsulException;
import io.graylane.consul.HistoryEntry;
import io.graylane.consul.KvConfigHistory;
import io.graylane.consul.KvConfigWriter;
import io.graylane.consul.KvEntry;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** {@code graylane config history}: the versions recorded beside the key, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the versions recorded in the key's history, newest first.",
                "The history is kept under <key>.history/: version (the key's ModifyIndex),",
                "time, content hash, who wrote it and the note. The live version is marked *."})
final class ConfigHistoryCommand extends ConsulKeyCommand {

    @Override
    int run(PrintWriter out, PrintWriter err) {
        List<HistoryEntry> entries;
        Optional<KvEntry> live;
        try {
            KvConfigWriter writer = consul.writer();
            live = writer.read();
            entries = writer.history().list();
        } catch (IllegalArgumentException | ConsulException e) {
            return usageError(err, e.getMessage());
        }
        long liveIndex = live.map(KvEntry::modifyIndex).orElse(0L);
        if (entries.isEmpty()) {
            out.println("no versions recorded in " + KvConfigHistory.prefixOf(consul.key)
                    + (live.isPresent() ? " (live: index " + liveIndex + ")" : " (the key does not exist)"));
            out.flush();
            return 0;
        }
        out.printf("  %-10s %-20s %-12s %-13s %s%n", "VERSION", "TIME", "HASH", "SOURCE", "NOTE");
        for (HistoryEntry e : entries) {
            out.printf("%s %-10d %-20s %-12s %-13s %s%n", e.version() == liveIndex ? "*" : " ", e.version(),
                    e.time().truncatedTo(ChronoUnit.SECONDS).toString(), e.hash().substring(0, 12), e.source(),
                    e.note());
        }
        if (live.isPresent() && entries.stream().noneMatch(e -> e.version() == liveIndex)) {
            out.println("live: index " + liveIndex + ", not in the history (written by something else; a gateway"
                    + " records it when it sees it)");
        }
        out.flush();
        return 0;
    }
}
