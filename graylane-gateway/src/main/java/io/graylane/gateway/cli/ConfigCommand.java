package io.graylane.gateway.cli;

import io.graylane.consul.KvConfigWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code graylane config}: operations on the configuration kept in a Consul KV key — push, diff,
 * history, rollback. Exit codes: 0 done (or nothing to do), 1 a problem with the config (invalid; for
 * {@code diff}: different), 2 usage or I/O error (Consul unreachable), 3 refused because the key changed
 * since it was read.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Operate on the config kept in a Consul KV key: push, diff, history, rollback.",
                "Every write is a check-and-set on the key's ModifyIndex and is recorded in",
                "the key's history (<key>.history/<index>): every gateway watching the key",
                "converges. Exit codes: 0 done, 1 invalid config (diff: different), 2 usage",
                "or Consul error, 3 refused: the key changed since it was read.",
                "See docs/config-ops.md."},
        subcommands = {ConfigPushCommand.class, ConfigDiffCommand.class, ConfigHistoryCommand.class,
                ConfigRollbackCommand.class, CommandLine.HelpCommand.class})
final class ConfigCommand implements Runnable {

    /** Exit code of a write the key refused because it changed since it was read. */
    static final int CONFLICT = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints {@code graylane config NAME: message} and returns 2. */
    static int usageError(PrintWriter err, String name, String message) {
        err.println("graylane config " + name + ": " + message);
        err.flush();
        return 2;
    }

    /** Prints the refusal of a write whose key changed since it was read, and returns {@link #CONFLICT}. */
    static int conflict(PrintWriter err, ConsulKeyOptions consul, KvConfigWriter.Conflict c, String retry) {
        err.println("refused: " + consul.key + " changed since it was read (index " + c.expectedIndex() + " → "
                + c.index() + "); " + retry);
        err.flush();
        return CONFLICT;
    }
}
