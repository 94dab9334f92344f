package io.graylane.gateway.cli;

import io.graylane.gateway.admin.AdminAccess;
import io.graylane.gateway.admin.AdminServer;
import io.graylane.gateway.admin.ServingState;
import io.graylane.gateway.metrics.GatewayMetrics;
import io.graylane.gateway.proxy.GatewayServer;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** The admin API's options, shared by {@code gateway} and {@code demo}; checked before anything starts. */
final class AdminOptions {

    /** The environment variable holding the admin bearer token (the file option wins). */
    static final String TOKEN_ENV = "GRAYLANE_ADMIN_TOKEN";

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "9901",
            description = "Admin API port: health, readiness, snapshot, chain, explain, /metrics (default: ${DEFAULT-VALUE}; 0 picks a free one; -1 turns it off).")
    int port;

    @Option(names = "--admin-bind", paramLabel = "IP", defaultValue = "127.0.0.1",
            description = "Admin API address (default: ${DEFAULT-VALUE}). Any non-loopback address requires a token.")
    String bind;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the admin API's bearer token (required off loopback). Default: $" + TOKEN_ENV + ".")
    Path tokenFile;

    /** Checked settings, or {@code null} when the admin API is off. */
    record Checked(InetAddress bind, int port, AdminAccess access) {
        AdminServer start(GatewayServer gateway, ServingState state, BooleanSupplier lastKnownGood,
                          GatewayMetrics metrics) {
            return AdminServer.start(bind, port, access, gateway, state, lastKnownGood, metrics);
        }
    }

    /**
     * The checked options.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    Checked check(Function<String, String> environment) {
        if (port == -1) {
            return null;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--admin-port: " + port + " (expected: 0..65535, or -1 for off)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--admin-bind: " + bind + " (expected: an IP address such as 127.0.0.1)");
        }
        String token = null;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("--admin-token-file: " + tokenFile + ": cannot read ("
                        + e.getMessage() + ")");
            }
            if (token.isEmpty()) {
                throw new IllegalArgumentException("--admin-token-file: " + tokenFile + ": empty (expected: the token)");
            }
        } else {
            String env = environment.apply(TOKEN_ENV);
            if (env != null && !env.isBlank()) {
                token = env.strip();
            }
        }
        return new Checked(address, port, AdminAccess.forBind(address, token));
    }

    /** {@code http://127.0.0.1:9901 (token required)} for the start line. */
    static String describe(AdminServer admin) {
        return "http://" + hostLiteral(admin.address().getAddress()) + ":" + admin.port()
                + (admin.requiresToken() ? " (bearer token required)" : "");
    }

    private static String hostLiteral(InetAddress a) {
        String h = a.getHostAddress();
        return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }
}
