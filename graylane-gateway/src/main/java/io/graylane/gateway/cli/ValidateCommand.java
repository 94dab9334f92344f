package io.graylane.gateway.cli;

import io.graylane.config.ConfigError;
import io.graylane.config.ConfigException;
import io.graylane.config.ConfigLoader;
import io.graylane.core.config.GraylaneConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code graylane validate FILE...}: checks configuration files and reports every error with its path,
 * including the middleware chain, which is built (and closed) with the gateway's built-in types.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check Graylane config files (YAML or JSON).",
                "Also builds each chain entry with the gateway's built-in middleware types (and",
                "closes it again), so a bad chain[].config or an unknown type shows here, not at",
                "the gateway's start or reload.",
                "Exit 0 when every file is valid; 1 with all errors, each naming its file and config path."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Config files (.yaml, .yml or .json).")
    List<Path> files;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int invalid = 0;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                err.println(file + ": no such file");
                invalid++;
                continue;
            }
            try {
                GraylaneConfig config = new ConfigLoader().load(file);
                List<ConfigError> chainErrors = new ChainCheck().check(file.toString(), config.chain());
                if (chainErrors.isEmpty()) {
                    out.println(file + ": ok");
                } else {
                    invalid++;
                    printErrors(err, file.toString(), chainErrors);
                }
            } catch (ConfigException e) {
                invalid++;
                printErrors(err, file.toString(), e.errors());
            }
        }
        out.flush();
        err.flush();
        return invalid == 0 ? 0 : 1;
    }

    /** Every error on its own line, then {@code source: N errors}: how every command reports a bad config. */
    static void printErrors(PrintWriter err, String source, List<ConfigError> errors) {
        for (ConfigError error : errors) {
            err.println(error);
        }
        err.println(source + ": " + errors.size() + " error" + (errors.size() == 1 ? "" : "s"));
    }
}
