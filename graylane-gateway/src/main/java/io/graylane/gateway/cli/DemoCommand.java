package io.graylane.gateway.cli;

import io.graylane.gateway.admin.AdminServer;
import io.graylane.gateway.admin.ServingState;
import io.graylane.gateway.metrics.GatewayMetrics;
import io.graylane.gateway.metrics.InstrumentedRegistry;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.graylane.testkit.demo.DemoUpstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code graylane demo}: the demo upstreams and a gateway over the embedded demo config, with
 * ready-to-paste curl lines, serving until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the demo: a gateway and its upstreams, with curl lines to try.",
                "The gateway (debug header on) serves the embedded demo config",
                "(docs/examples/demo.yaml); frontend v1 and v2 and orders v1 (no canary)",
                "answer with the version chain. frontend calls orders through the gateway,",
                "passing the lane on. Serves until Ctrl-C. See docs/demo.md."},
        footer = {"", "Example:",
                "  graylane demo",
                "  curl -s -H 'X-User-Group: beta' http://127.0.0.1:8080/frontend"})
final class DemoCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

    /** How long requests in flight may take to finish on Ctrl-C. */
    static final Duration SHUTDOWN = Duration.ofSeconds(5);

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Gateway port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--upstream-ports", paramLabel = "PORTS", defaultValue = "18081,18082,18083",
            description = "Ports of frontend v1, frontend v2 and orders v1 on 127.0.0.1, comma-separated (default: ${DEFAULT-VALUE}; 0 picks free ones).")
    String upstreamPorts;

    @picocli.CommandLine.Mixin
    AdminOptions admin = new AdminOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        NettyDefaults.apply(); // first: before anything loads Netty
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerOptions listen;
        int[] upstreams;
        AdminOptions.Checked adminOptions;
        try {
            adminOptions = admin.check(System::getenv);
            listen = ServerOptions.check(port, "127.0.0.1", 2);
            upstreams = upstreamPorts(upstreamPorts);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        GatewayMetrics metrics = GatewayMetrics.create();
        BuiltinMiddleware builtins = new BuiltinMiddleware();
        metrics.middlewareCounters(builtins);
        DemoGateway demo;
        try {
            demo = DemoGateway.start(listen, upstreams, b -> {
                b.middlewareRegistry(InstrumentedRegistry.of(GatewayTypes.registry(builtins), metrics));
                return adminOptions != null ? b.requestObserver(metrics) : b;
            });
        } catch (UncheckedIOException e) {
            return usageError(err, "upstream " + e.getMessage() + "; choose other ports with --upstream-ports (0 picks free ones)");
        } catch (IllegalStateException e) {
            return usageError(err, listen.bindFailure(e));
        }
        ServingState state = new ServingState(Clock.systemUTC());
        state.serving(demo.snapshot());
        metrics.configServed(demo.snapshot());
        AdminServer adminServer = null;
        if (adminOptions != null) {
            try {
                adminServer = adminOptions.start(demo.server(), state, () -> false, metrics);
            } catch (UncheckedIOException e) {
                demo.close();
                return usageError(err, e.getMessage() + " (choose another with --admin-port; 0 picks a free one)");
            }
        }
        banner(out, demo);
        if (adminServer != null) {
            out.println("Admin API on " + AdminOptions.describe(adminServer) + ": /health /ready /snapshot /chain /explain /metrics");
        }
        out.flush();
        AdminServer adminToClose = adminServer;
        UntilStopped.await("graylane-demo", () -> {
            if (adminToClose != null) {
                adminToClose.close();
            }
            log.info("stopping the demo: no new connections; requests in flight get up to {}",
                    DurationOption.format(SHUTDOWN));
            demo.shutdown(SHUTDOWN);
        });
        return 0;
    }

    static void banner(PrintWriter out, DemoGateway demo) {
        URI gateway = demo.uri();
        out.println("Graylane demo: gateway on " + gateway + " (transport " + demo.server().transport()
                + ", debug header on), config " + demo.snapshot());
        for (DemoUpstream u : demo.topology().upstreams().values()) {
            String role = u.version().equals("v1") ? "stable" : "canary";
            out.printf("  %-12s on 127.0.0.1:%-5d  %s%n", u.service() + " " + u.version(), u.port(),
                    role + (u.service().equals("frontend") ? ", calls orders through the gateway" : ", no canary"));
        }
        out.println();
        out.println("Try these in another terminal. An answer is the version chain, then the lane each hop received:");
        out.println();
        DemoTry.render(DemoTry.ALL, gateway).forEach(out::println);
        out.println();
        out.println("The lane stays canary at orders although stable served it there, so a service further down");
        out.println("could still use its own canary. Add -i to any line to see X-Graylane-Debug.");
        out.println("The last line works because the demo config trusts 127.0.0.1 (trust.trustedCidrs) and curl");
        out.println("calls from there. From an untrusted address the header is stripped before coloring; see how with:");
        out.println("  graylane explain -H 'X-Graylane-Lane: canary' --path /frontend");
        out.println();
        out.println("Ctrl-C stops the demo.");
    }

    /** {@code 18081,18082,18083} or {@code 0} (every one free). */
    static int[] upstreamPorts(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length == 1 && parts[0].strip().equals("0")) {
            return new int[] {0, 0, 0};
        }
        String expected = " (expected: three ports 0..65535, comma-separated, for frontend v1, frontend v2 and orders v1; or 0)";
        if (parts.length != 3) {
            throw new IllegalArgumentException("--upstream-ports: " + text + expected);
        }
        int[] ports = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                ports[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--upstream-ports: " + text + expected);
            }
            if (ports[i] < 0 || ports[i] > 65535) {
                throw new IllegalArgumentException("--upstream-ports: " + text + expected);
            }
        }
        return ports;
    }

    private static int usageError(PrintWriter err, String message) {
        err.println("graylane demo: " + message);
        err.flush();
        return 2;
    }
}
