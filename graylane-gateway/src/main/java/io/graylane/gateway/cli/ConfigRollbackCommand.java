package io.graylane.gateway.cli;

import io.graylane.config.ConfigException;
import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.consul.ConsulException;
import io.graylane.consul.HistoryEntry;
import io.graylane.consul.KvConfigHistory;
import io.graylane.consul.KvConfigWriter;
import io.graylane.consul.KvEntry;
import io.graylane.core.config.GraylaneConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code graylane config rollback --to VERSION}: writes a recorded version back to the key with check-and-set. */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a version of the key's history back to the key.",
                "The text is validated first, then written with check-and-set on the",
                "ModifyIndex read, so every gateway watching the key converges on it.",
                "Refused (exit 3) when the key changed between the read and the write."},
        footer = {"", "Example:", "  graylane config history --key graylane/config",
                "  graylane config rollback --to 41 --key graylane/config"})
final class ConfigRollbackCommand extends ConsulKeyCommand {

    private static final Pattern VERSION = Pattern.compile("([0-9]{1,18})(?:/[0-9a-fA-F]{1,64})?");

    // order: listed before the key options (which the superclass declares, so picocli would list first).
    @Option(names = "--to", paramLabel = "VERSION", required = true, order = -2,
            description = "The version to go back to: its ModifyIndex as 'graylane config history' lists it (41, or 41/3f2a9c1b).")
    String to;

    /** Runs between reading the key and writing it; tests change the key here. */
    Runnable beforeWrite = () -> { };

    @Override
    int run(PrintWriter out, PrintWriter err) {
        Matcher m = VERSION.matcher(to.strip());
        if (!m.matches()) {
            return usageError(err, "--to: " + to
                    + " (expected: a version from 'graylane config history', such as 41)");
        }
        long version = Long.parseLong(m.group(1));
        try {
            KvConfigWriter writer = consul.writer();
            Optional<HistoryEntry> entry = writer.history().get(version);
            if (entry.isEmpty()) {
                String known = writer.history().list().stream().map(e -> Long.toString(e.version()))
                        .collect(Collectors.joining(", "));
                err.println("graylane config rollback: --to " + to + ": no such version in "
                        + KvConfigHistory.prefixOf(consul.key) + " (expected: one of " + (known.isEmpty() ? "none" : known) + ")");
                err.flush();
                return 1;
            }
            HistoryEntry target = entry.get();
            GraylaneConfig config;
            try {
                String text = target.text();
                config = new ConfigLoader().parse(text, text.stripLeading().startsWith("{") ? Format.JSON : Format.YAML,
                        consul.key + ".history/" + version);
            } catch (ConfigException e) {
                ValidateCommand.printErrors(err, "version " + version, e.errors());
                err.println("not rolled back: version " + version + " is not valid any more");
                err.flush();
                return 1;
            }
            Optional<KvEntry> live = writer.read();
            long index = live.map(KvEntry::modifyIndex).orElse(0L);
            beforeWrite.run();
            KvConfigWriter.Outcome outcome = writer.write(target.text(), index, "rollback",
                    "rollback to " + version + " (from " + index + ")", config.rollback().history());
            if (outcome instanceof KvConfigWriter.Conflict c) {
                return ConfigCommand.conflict(err, consul, c, "run `graylane config history` and roll back again");
            }
            if (outcome instanceof KvConfigWriter.Unchanged u) {
                out.println(consul.origin() + " holds version " + version + "'s text already (index " + u.index()
                        + "); nothing written");
            } else {
                out.println("rolled back " + consul.origin() + " to version " + version + ": written at index "
                        + outcome.index() + " (was " + index + "); every gateway watching the key converges on it");
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException | ConsulException e) {
            return usageError(err, e.getMessage());
        }
    }
}
