package io.graylane.gateway.cli;

import io.graylane.core.GraylaneException;
import io.graylane.gateway.metrics.ChainMetrics;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.GatewayServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The plugin options of {@code gateway}: where plugin jars are and how long their middleware may take;
 * and the periodic look at that directory. See docs/plugins.md.
 */
final class PluginOptions {

    private static final Logger log = LoggerFactory.getLogger(PluginOptions.class);

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "Directory of plugin jars (middleware types for the chain). Rescanned on every reload, on SIGHUP"
                    + " and every --watch-interval; a new jar version replaces the old one without a restart.")
    Path directory;

    @Option(names = "--plugin-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long a plugin middleware may take to answer a request before that request fails (default: ${DEFAULT-VALUE}; 0: no limit).")
    String timeout;

    private Duration checkedTimeout;

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    void check() {
        checkedTimeout = timeout.equals("0") ? Duration.ZERO : DurationOption.parse("--plugin-timeout", timeout);
        if (directory != null && !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--plugin-dir: " + directory + ": no such directory");
        }
    }

    /** Adds the plugin settings to {@code b}. */
    GatewayServerBuilder configure(GatewayServerBuilder b) {
        if (directory != null) {
            b.pluginDirectory(directory).pluginServeTimeout(checkedTimeout);
        }
        return b;
    }

    /** Reports plugin failures in {@code metrics}, when there is a plugin directory. */
    void metrics(GatewayServer server, ChainMetrics metrics) {
        if (directory != null) {
            metrics.pluginFailures(() -> server.pluginFailures().orElseThrow());
        }
    }

    /** Looks at the directory now: a changed jar rebuilds the chain; a bad one is logged and changes nothing. */
    void reload(GatewayServer server) {
        if (directory == null) {
            return;
        }
        try {
            server.reloadPlugins();
        } catch (GraylaneException e) {
            log.error("plugins in {} refused, the chain in place keeps serving: {}", directory, e.getMessage());
        }
    }

    /** Looks at the directory every {@code interval} (nothing when 0 or without a directory); close to stop. */
    AutoCloseable watch(GatewayServer server, Duration interval) {
        if (directory == null || interval.isZero()) {
            return () -> { };
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "graylane-plugin-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> reload(server), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }
}
