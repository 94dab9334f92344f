package io.graylane.gateway.cli;

import io.graylane.config.ConfigException;
import io.graylane.config.ConfigLoader;
import io.graylane.consul.ConsulException;
import io.graylane.consul.KvConfigHistory;
import io.graylane.consul.KvConfigWriter;
import io.graylane.consul.KvEntry;
import io.graylane.core.config.GraylaneConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code graylane config push FILE}: validate, then check-and-set the file's text into the key. */
@Command(name = "push", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate FILE, then write it to the Consul key with check-and-set.",
                "FILE is checked as 'graylane validate' does; the write happens only if the",
                "key's ModifyIndex is still the one read (or --if-index), and the version is",
                "recorded in the key's history. Refused (exit 3) when someone else changed",
                "the key since."},
        footer = {"", "Examples:",
                "  graylane config push graylane.yaml --key graylane/config --note 'beta 10%%'",
                "  graylane config diff graylane.yaml --key graylane/config  # shows the index",
                "  graylane config push graylane.yaml --key graylane/config --if-index 41"})
final class ConfigPushCommand extends ConsulKeyCommand {

    @Parameters(paramLabel = "FILE", description = "Config file (.yaml, .yml or .json).")
    Path file;

    @Option(names = "--if-index", paramLabel = "INDEX",
            description = "Write only if the key's ModifyIndex is still INDEX (what diff or history showed); 0: only if the key does not exist. Default: the index read just before writing.")
    Long ifIndex;

    @Option(names = "--note", paramLabel = "TEXT", defaultValue = "",
            description = "A note kept with the version in the history (who, why).")
    String note;

    /** Runs between reading the key and writing it; tests change the key here. */
    Runnable beforeWrite = () -> { };

    @Override
    int run(PrintWriter out, PrintWriter err) {
        if (ifIndex != null && ifIndex < 0) {
            return usageError(err, "--if-index: " + ifIndex + " (expected: >= 0)");
        }
        if (!Files.isRegularFile(file)) {
            return usageError(err, file + ": no such file");
        }
        GraylaneConfig config;
        String text;
        try {
            config = new ConfigLoader().load(file);
            text = Files.readString(file);
        } catch (ConfigException e) {
            ValidateCommand.printErrors(err, file.toString(), e.errors());
            err.println("not pushed: " + file + " is not valid");
            err.flush();
            return 1;
        } catch (IOException e) {
            return usageError(err, file + ": cannot read (" + e.getMessage() + ")");
        }
        try {
            KvConfigWriter writer = consul.writer();
            long index = ifIndex != null ? ifIndex : writer.read().map(KvEntry::modifyIndex).orElse(0L);
            beforeWrite.run();
            KvConfigWriter.Outcome outcome = writer.write(text, index, "push", note, config.rollback().history());
            if (outcome instanceof KvConfigWriter.Conflict c) {
                return ConfigCommand.conflict(err, consul, c, "run `graylane config diff " + file + "` and push again");
            }
            if (outcome instanceof KvConfigWriter.Unchanged u) {
                out.println(consul.origin() + " holds " + file + " already (index " + u.index() + "); nothing pushed");
            } else {
                KvConfigWriter.Written w = (KvConfigWriter.Written) outcome;
                out.println("pushed " + file + " to " + consul.origin() + ": index " + w.index()
                        + (w.previousIndex() == 0 ? " (new key)" : " (was " + w.previousIndex() + ")")
                        + (w.recorded() ? "; recorded in " + KvConfigHistory.prefixOf(consul.key)
                        : "; the history entry could not be written (the gateways record it when they see it)"));
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        } catch (ConsulException e) {
            return usageError(err, e.getMessage());
        }
    }
}
