package io.graylane.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code graylane} command line: the single entry point for every command users run.
 * Exit codes: 0 success, 1 the command ran and found a problem (invalid config, rejected request),
 * 2 usage or I/O error.
 */
@Command(name = "graylane",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Gray (canary) routing by request headers and Consul service tags.",
        subcommands = {ValidateCommand.class, ExplainCommand.class, GatewayCommand.class, DemoCommand.class,
                ConsulSimCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'graylane COMMAND --help' for a command's options."})
public final class GraylaneCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line, for {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GraylaneCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("graylane: " + ex.getMessage());
            return 2;
        });
        cl.setExitCodeExceptionMapper(t -> 2);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
