package io.graylane.gateway.cli;

import io.graylane.consul.ConsulException;
import io.graylane.consul.KvConfigWriter;
import io.graylane.consul.KvEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code graylane config diff FILE}: the live config in the key against a file, as a unified diff. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show how FILE differs from the config live in the Consul key.",
                "A unified diff of both normalized: comments, quoting and YAML/JSON style do",
                "not count; order does. Exit 0 when they are the same, 1 when they differ,",
                "2 on errors."})
final class ConfigDiffCommand extends ConsulKeyCommand {

    @Parameters(paramLabel = "FILE", description = "Config file (.yaml, .yml or .json).")
    Path file;

    @Override
    int run(PrintWriter out, PrintWriter err) {
        if (!Files.isRegularFile(file)) {
            return usageError(err, file + ": no such file");
        }
        String local;
        try {
            local = ConfigText.normalize(Files.readString(file));
        } catch (IOException e) {
            return usageError(err, file + ": cannot read (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            return usageError(err, file + ": " + e.getMessage());
        }
        Optional<KvEntry> live;
        try {
            KvConfigWriter writer = consul.writer();
            live = writer.read();
        } catch (IllegalArgumentException | ConsulException e) {
            return usageError(err, e.getMessage());
        }
        String liveName = consul.origin() + (live.isPresent() ? " (index " + live.get().modifyIndex() + ")" : " (absent)");
        String remote;
        try {
            remote = live.map(e -> ConfigText.normalize(e.valueAsString())).orElse("");
        } catch (IllegalArgumentException e) {
            return usageError(err, liveName + ": " + e.getMessage());
        }
        String diff = ConfigText.unifiedDiff(liveName, remote, file.toString(), local);
        if (diff.isEmpty()) {
            out.println("no differences: " + file + " matches " + liveName);
            out.flush();
            return 0;
        }
        out.print(diff);
        out.flush();
        return 1;
    }
}
