package io.graylane.gateway.cli;

import io.graylane.consul.ConsulException;
import io.graylane.consul.KvConfigWriter;
import io.graylane.consul.KvEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code graylane config diff FILE}: the live config in the key against a file, as a unified diff. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show how FILE differs from the config live in the Consul key.",
                "A unified diff of both normalized: comments, quoting and YAML/JSON style do",
                "not count; order does. Exit 0 when they are the same, 1 when they differ,",
                "2 on errors."})
final class ConfigDiffCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Config file (.yaml, .yml or .json).")
    Path file;

    @Mixin
    ConsulKeyOptions consul = new ConsulKeyOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            return ConfigCommand.usageError(err, "diff", file + ": no such file");
        }
        String local;
        try {
            local = ConfigText.normalize(Files.readString(file));
        } catch (IOException e) {
            return ConfigCommand.usageError(err, "diff", file + ": cannot read (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            return ConfigCommand.usageError(err, "diff", file + ": " + e.getMessage());
        }
        Optional<KvEntry> live;
        try {
            KvConfigWriter writer = consul.writer();
            live = writer.read();
        } catch (IllegalArgumentException | ConsulException e) {
            return ConfigCommand.usageError(err, "diff", e.getMessage());
        }
        String liveName = consul.origin() + (live.isPresent() ? " (index " + live.get().modifyIndex() + ")" : " (absent)");
        String remote;
        try {
            remote = live.map(e -> ConfigText.normalize(e.valueAsString())).orElse("");
        } catch (IllegalArgumentException e) {
            return ConfigCommand.usageError(err, "diff", liveName + ": " + e.getMessage());
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
