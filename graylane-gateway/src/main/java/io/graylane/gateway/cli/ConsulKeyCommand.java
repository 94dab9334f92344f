package io.graylane.gateway.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A {@code graylane config} subcommand on a Consul key: the key options every one of them takes (as
 * {@code gateway}'s), the command line's streams, and the exit on a usage error. Not thread-safe (one
 * run per instance, as picocli makes them).
 */
abstract class ConsulKeyCommand implements Callable<Integer> {

    @Mixin
    ConsulKeyOptions consul = new ConsulKeyOptions();

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Runs the command, printing to {@code out} and {@code err}; returns the exit code ({@link ConfigCommand}). */
    abstract int run(PrintWriter out, PrintWriter err);

    /** Prints {@code graylane config NAME: message} and returns 2. */
    final int usageError(PrintWriter err, String message) {
        return ConfigCommand.usageError(err, spec.name(), message);
    }
}
