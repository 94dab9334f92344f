package io.graylane.gateway.cli;

import io.graylane.config.ConfigException;
import io.graylane.core.GraylaneException;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.run.EngineSnapshot;
import io.graylane.gateway.run.EngineSource;
import io.graylane.gateway.run.FileConfigSource;
import io.graylane.gateway.run.HangupSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code graylane gateway}: the edge gateway over a config file, reloaded when the file changes and on
 * SIGHUP, shut down gracefully on SIGTERM/SIGINT.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the gateway over a config file: color, route by lane, forward.",
                "Instances come from the config's static discovery section. The config is",
                "reloaded when the file changes and on SIGHUP; an invalid change is logged",
                "and the last good config keeps serving. SIGTERM or Ctrl-C stops accepting",
                "and lets requests in flight finish. See docs/gateway.md."},
        footer = {"", "Examples:",
                "  graylane gateway --config graylane.yaml --debug-header",
                "  graylane gateway --config graylane.yaml --bind 0.0.0.0 --port 80",
                "  kill -HUP <pid>      # reload now"})
final class GatewayCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(GatewayCommand.class);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Config file (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "IP", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String bind;

    @Option(names = "--debug-header", description = "Add X-Graylane-Debug (lane, rule, fallback, instance) to every response. It tells clients about your topology.")
    boolean debugHeader;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "30s", description = "On SIGTERM/Ctrl-C, how long requests in flight may take to finish (default: ${DEFAULT-VALUE}).")
    String shutdownTimeout;

    @Option(names = "--event-loops", paramLabel = "N", description = "Event loop threads (default: the number of cores).")
    Integer eventLoops;

    @Option(names = "--watch-interval", paramLabel = "DURATION", defaultValue = "1s", description = "How often the config file is checked for changes (default: ${DEFAULT-VALUE}; 0: only on SIGHUP).")
    String watchInterval;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ServerOptions listen;
        Duration shutdown;
        Duration watch;
        try {
            shutdown = DurationOption.parse("--shutdown-timeout", shutdownTimeout);
            watch = DurationOption.parse("--watch-interval", watchInterval);
            if (!watch.isZero() && watch.toMillis() < 10) {
                throw new IllegalArgumentException("--watch-interval: " + watchInterval + " (expected: 0 or at least 10ms)");
            }
            checkConfigFile();
            listen = ServerOptions.check(port, bind, eventLoops);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }

        // The seam for other sources: Consul KV config with Consul discovery will be another EngineSource.
        EngineSource source = FileConfigSource.builder(config).pollInterval(watch).build();
        EngineSnapshot first;
        try {
            first = source.load();
        } catch (ConfigException e) {
            source.close();
            ValidateCommand.printErrors(err, config.toString(), e.errors());
            err.flush();
            return 1;
        }
        GatewayServer server;
        try {
            server = listen.builder(first.engine()).debugHeader(debugHeader).build().start();
        } catch (IllegalStateException e) {
            source.close();
            return usageError(err, listen.bindFailure(e));
        } catch (GraylaneException e) {
            // A valid config whose middleware chain cannot be built: a problem with the config, like validate's.
            source.close();
            err.println(config + ": " + e.getMessage());
            err.println(config + ": 1 error");
            err.flush();
            return 1;
        }
        source.watch(snapshot -> server.updateEngine(snapshot.engine()));
        boolean hangup = HangupSignal.onHangup(source::refresh);
        log.info("serving {} ({}); reloads {}; debug header {}", first, first.summary(), reloads(watch, hangup),
                debugHeader ? "on" : "off");

        UntilStopped.await("graylane-gateway", () -> {
            log.info("stopping: no new connections; requests in flight get up to {}", DurationOption.format(shutdown));
            source.close();
            boolean drained = server.shutdownGracefully(shutdown);
            log.info(drained ? "stopped: every request in flight finished"
                    : "stopped: requests still in flight were cut off at the deadline");
        });
        return 0;
    }

    private static String reloads(Duration watch, boolean hangup) {
        String polled = "when the file changes (checked every " + DurationOption.format(watch) + ")";
        if (watch.isZero()) {
            return hangup ? "on SIGHUP" : "never (polling is off and SIGHUP cannot be handled here)";
        }
        return hangup ? polled + " and on SIGHUP" : polled;
    }

    private void checkConfigFile() {
        if (!Files.exists(config)) {
            throw new IllegalArgumentException("--config: " + config + ": no such file");
        }
        if (!Files.isRegularFile(config) || !Files.isReadable(config)) {
            throw new IllegalArgumentException("--config: " + config + ": not a readable file");
        }
    }

    private static int usageError(PrintWriter err, String message) {
        err.println("graylane gateway: " + message);
        err.flush();
        return 2;
    }
}
