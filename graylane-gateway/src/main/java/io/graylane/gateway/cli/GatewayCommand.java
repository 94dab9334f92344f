package io.graylane.gateway.cli;

import io.graylane.config.ConfigException;
import io.graylane.core.GraylaneException;
import io.graylane.gateway.admin.AdminServer;
import io.graylane.gateway.admin.ServingState;
import io.graylane.gateway.metrics.GatewayMetrics;
import io.graylane.gateway.metrics.ChainMetrics;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.GatewayServerBuilder;
import io.graylane.gateway.rollback.ConfigHistory;
import io.graylane.gateway.rollback.ConfigOperations;
import io.graylane.gateway.run.ConsulEngineSource;
import io.graylane.gateway.run.EngineSnapshot;
import io.graylane.gateway.run.HangupSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code graylane gateway}: the edge gateway over a config file or a Consul KV key, with instances from
 * the config's static section or Consul discovery; reloaded on change (and a file on SIGHUP), shut down
 * gracefully on SIGTERM/SIGINT.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the gateway over a config file or a Consul KV key.",
                "Colors requests, routes them by lane and forwards them. Instances come from",
                "the config's static discovery section, and from Consul's health API when it",
                "has a discovery.consul section. A file is reloaded when it changes and on",
                "SIGHUP, a Consul key when it changes; an invalid change is logged and the last",
                "good config keeps serving. With Consul, the last good config and instances are",
                "saved in --state-dir and served at a start while Consul is down. SIGTERM or",
                "Ctrl-C stops accepting and lets requests in flight finish. See docs/gateway.md.",
                "With mode: sidecar in the config it runs next to one service as its egress proxy:",
                "loopback callers keep their lane, and Host or the first path segment names the",
                "service to call (docs/sidecar.md)."},
        footer = {"", "Examples:",
                "  graylane gateway --config graylane.yaml --debug-header",
                "  graylane gateway --config graylane.yaml --bind 0.0.0.0 --port 80",
                "  graylane gateway --consul-key graylane/config --consul-addr 10.0.0.5:8500",
                "  graylane gateway --config graylane.yaml --admin-bind 0.0.0.0 --admin-token-file /run/secrets/admin",
                "  graylane gateway --config graylane.yaml --plugin-dir /opt/graylane/plugins",
                "  graylane gateway --config graylane.yaml --connect-timeout 500ms --response-header-timeout 10s",
                "  kill -HUP <pid>      # reload a config file now",
                "",
                "Admin API (default 127.0.0.1:9901): /health /ready /snapshot /chain /explain /metrics",
                "/config/history, POST /config/rollback?to=VERSION. See docs/config-ops.md.",
                "Environment: GRAYLANE_ADMIN_TOKEN, CONSUL_HTTP_ADDR, CONSUL_HTTP_TOKEN, CONSUL_HTTP_SSL."})
final class GatewayCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(GatewayCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (.yaml, .yml or .json). Give this or --consul-key.")
    Path config;

    @Option(names = "--consul-key", paramLabel = "KEY", description = "Consul KV key holding the config (YAML or JSON), such as graylane/config. Give this or --config.")
    String consulKey;

    @Option(names = "--consul-addr", paramLabel = "ADDR", description = "Consul's address (host:port, http://host:port or https://host:port) for the key and for discovery. Beats discovery.consul.address and CONSUL_HTTP_ADDR; without any: 127.0.0.1:8500.")
    String consulAddress;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the last good config and instances from Consul are kept. Default: $XDG_STATE_HOME/graylane, or without it ~/.local/state/graylane.")
    Path stateDir;

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

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "auto", description = "Socket transport: auto (io_uring where the kernel has it, else epoll, else nio), io_uring, epoll or nio (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--watch-interval", paramLabel = "DURATION", defaultValue = "1s", description = "How often the config file is checked for changes (default: ${DEFAULT-VALUE}; 0: only on SIGHUP). Not used with --consul-key.")
    String watchInterval;

    @Mixin
    AdminOptions admin = new AdminOptions();

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Mixin
    LimitOptions limits = new LimitOptions();

    /** The environment, for the admin token; tests replace it. */
    Function<String, String> environment = System::getenv;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        NettyDefaults.apply(); // first: before anything loads Netty
        PrintWriter err = spec.commandLine().getErr();
        ServerOptions listen;
        Duration shutdown;
        Duration watch;
        ConsulEngineSource.Builder sourceBuilder;
        AdminOptions.Checked adminOptions;
        try {
            adminOptions = admin.check(environment);
            sourceBuilder = configSource();
            shutdown = DurationOption.parse("--shutdown-timeout", shutdownTimeout);
            watch = DurationOption.parse("--watch-interval", watchInterval);
            if (!watch.isZero() && watch.toMillis() < 10) {
                throw new IllegalArgumentException("--watch-interval: " + watchInterval + " (expected: 0 or at least 10ms)");
            }
            listen = ServerOptions.check(port, bind, eventLoops, transport);
            plugins.check();
            limits.check();
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }

        ConfigHistory history = new ConfigHistory();
        ConsulEngineSource source = sourceBuilder.pollInterval(watch).revisions(history).build();
        String origin = source.origin();
        EngineSnapshot first;
        try {
            first = source.load();
        } catch (ConfigException e) {
            source.close();
            ValidateCommand.printErrors(err, origin, e.errors());
            err.flush();
            return 1;
        } catch (GraylaneException e) {
            // No config to serve at all (Consul unreachable with nothing saved, the key missing): not the config's fault.
            source.close();
            return usageError(err, e.getMessage());
        }
        GatewayMetrics metrics = GatewayMetrics.create();
        BuiltinMiddleware builtins = new BuiltinMiddleware();
        metrics.middlewareCounters(builtins);
        metrics.consulWatches(source::discoveryStates, Clock.systemUTC());
        metrics.configSource(source::reloads);
        ChainMetrics chainMetrics = new ChainMetrics(metrics);
        GatewayServer server;
        try {
            GatewayServerBuilder b = listen.builder(first.engine()).debugHeader(debugHeader)
                    .middlewareRegistry(GatewayTypes.registry(builtins)).chainListener(chainMetrics);
            if (adminOptions != null) {
                b.requestObserver(metrics); // request metrics whenever /metrics can be scraped
            }
            server = plugins.configure(limits.configure(b)).build().start();
        } catch (IllegalArgumentException e) {
            // A limit option out of the builder's range (only the builder knows its bounds).
            source.close();
            return usageError(err, e.getMessage());
        } catch (IllegalStateException e) {
            source.close();
            return usageError(err, listen.bindFailure(e));
        } catch (GraylaneException e) {
            // A valid config whose middleware chain cannot be built: a problem with the config, like validate's.
            source.close();
            err.println(origin + ": " + e.getMessage());
            err.println(origin + ": 1 error");
            err.flush();
            return 1;
        }
        plugins.metrics(server, chainMetrics);
        ConfigOperations configOps = ConfigOperations.start(history, source, server, metrics.registry(), Clock.systemUTC());
        ServingState state = new ServingState(Clock.systemUTC());
        state.serving(first);
        metrics.configServed(first);
        AdminServer adminServer = null;
        if (adminOptions != null) {
            try {
                adminServer = adminOptions.start(server, state, source::servingFromLastKnownGood, metrics);
            } catch (UncheckedIOException e) {
                configOps.close();
                server.close();
                source.close();
                return usageError(err, e.getMessage() + " (choose another with --admin-port; 0 picks a free one)");
            }
        }
        if (adminServer != null) {
            adminServer.rollbacks(configOps.rollbacks());
        }
        source.watch(snapshot -> {
            // A refusal propagates to the source, which counts it with the changes it refused itself.
            server.updateEngine(snapshot.engine());
            if (state.serving(snapshot)) {
                metrics.configServed(snapshot);
                metrics.reload("applied");
            }
        });
        boolean hangup = HangupSignal.onHangup(() -> {
            source.refresh();
            plugins.reload(server);
        });
        AutoCloseable pluginWatch = plugins.watch(server, watch);
        log.info("serving {} ({}); reloads {}; {}{}; debug header {}; admin API {}", first, first.summary(), reloads(watch, hangup),
                source.discoveryDescription(), source.servingFromLastKnownGood()
                        ? " (from the last-known-good state in " + source.stateDirectory() + " while Consul is unreachable)"
                        : "",
                debugHeader ? "on" : "off", adminServer == null ? "off" : AdminOptions.describe(adminServer));
        AdminServer adminToClose = adminServer;

        UntilStopped.await("graylane-gateway", () -> {
            log.info("stopping: no new connections; requests in flight get up to {}", DurationOption.format(shutdown));
            source.close();
            closeQuietly(pluginWatch);
            configOps.close();
            if (adminToClose != null) {
                adminToClose.close();
            }
            boolean drained = server.shutdownGracefully(shutdown);
            log.info(drained ? "stopped: every request in flight finished"
                    : "stopped: requests still in flight were cut off at the deadline");
        });
        return 0;
    }

    /** Exactly one of --config and --consul-key, checked, with the Consul options. */
    private ConsulEngineSource.Builder configSource() {
        if (config == null && consulKey == null) {
            throw new IllegalArgumentException("Missing required option: '--config=FILE' or '--consul-key=KEY'"
                    + " (expected: exactly one: a config file, or the Consul KV key holding the config)");
        }
        if (config != null && consulKey != null) {
            throw new IllegalArgumentException("--config and --consul-key: both given (expected: exactly one:"
                    + " a config file, or the Consul KV key holding the config)");
        }
        ConsulEngineSource.Builder b;
        if (config != null) {
            checkConfigFile();
            b = ConsulEngineSource.fromFile(config);
        } else {
            try {
                b = ConsulEngineSource.fromConsulKey(consulKey);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--consul-key: " + consulKey
                        + " (expected: a KV key such as graylane/config, without leading or trailing '/')", e);
            }
        }
        if (consulAddress != null) {
            try {
                b.consulAddress(consulAddress);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--consul-addr: " + consulAddress
                        + " (expected: host:port, http://host:port or https://host:port)", e);
            }
        }
        if (stateDir != null) {
            if (Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
                throw new IllegalArgumentException("--state-dir: " + stateDir + ": not a directory");
            }
            b.stateDirectory(stateDir);
        }
        return b;
    }

    private String reloads(Duration watch, boolean hangup) {
        if (consulKey != null) {
            return "when the Consul key changes";
        }
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

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing {} failed: {}", c, e.toString());
        }
    }

    private static int usageError(PrintWriter err, String message) {
        err.println("graylane gateway: " + message);
        err.flush();
        return 2;
    }
}
