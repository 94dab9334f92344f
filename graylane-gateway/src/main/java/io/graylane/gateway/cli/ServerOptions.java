package io.graylane.gateway.cli;

import io.graylane.core.engine.LaneEngine;
import io.graylane.core.net.Cidr;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.GatewayServerBuilder;
import io.graylane.gateway.proxy.Transport;

/**
 * The listening options shared by {@code gateway} and {@code demo}, checked before anything starts so
 * a mistake is reported naming the option. Immutable.
 *
 * @param port       port to listen on, 0..65535
 * @param bind       IP literal to listen on
 * @param eventLoops event loop threads, or {@code null} for the server's default
 * @param transport  the socket transport, or {@code null} for the best one available
 */
record ServerOptions(int port, String bind, Integer eventLoops, Transport transport) {

    /** The values {@code --transport} takes. */
    static final String TRANSPORTS = "auto, io_uring, epoll, nio";

    /**
     * Checked options.
     *
     * @throws IllegalArgumentException naming the option: {@code --port: 70000 (expected: 0..65535)}
     */
    static ServerOptions check(int port, String bind, Integer eventLoops) {
        return check(port, bind, eventLoops, "auto");
    }

    /**
     * Checked options, with {@code --transport} ({@link #TRANSPORTS}).
     *
     * @throws IllegalArgumentException naming the option, also when the transport asked for cannot run here
     */
    static ServerOptions check(int port, String bind, Integer eventLoops, String transport) {
        Transport chosen = null;
        if (transport != null && !transport.equals("auto")) {
            for (Transport t : Transport.values()) {
                if (t.toString().equals(transport)) {
                    chosen = t;
                }
            }
            if (chosen == null) {
                throw new IllegalArgumentException("--transport: " + transport + " (expected: one of " + TRANSPORTS + ")");
            }
            if (!chosen.isAvailable()) {
                throw new IllegalArgumentException("--transport: " + transport + " is not available here ("
                        + chosen.unavailabilityCause() + "); auto picks the best one that is");
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port: " + port + " (expected: 0..65535)");
        }
        if (bind == null || Cidr.parseLiteral(bind) == null) {
            throw new IllegalArgumentException("--bind: " + bind + " (expected: an IPv4 or IPv6 address such as 127.0.0.1 or 0.0.0.0)");
        }
        if (eventLoops != null && (eventLoops < 1 || eventLoops > 1024)) {
            throw new IllegalArgumentException("--event-loops: " + eventLoops + " (expected: 1..1024)");
        }
        return new ServerOptions(port, bind, eventLoops, chosen);
    }

    /** A server builder with these options, starting with {@code engine}. */
    GatewayServerBuilder builder(LaneEngine engine) {
        GatewayServerBuilder b = GatewayServer.builder(engine).port(port).bindAddress(bind);
        if (eventLoops != null) {
            b.eventLoops(eventLoops);
        }
        if (transport != null) {
            b.transport(transport);
        }
        return b;
    }

    /**
     * What to tell the user when {@link GatewayServer#start()} could not bind:
     * {@code --port: 8080 on 127.0.0.1 is in use (bind 127.0.0.1:8080: Address already in use)}.
     */
    String bindFailure(IllegalStateException e) {
        String message = String.valueOf(e.getMessage());
        boolean inUse = e.getCause() instanceof java.net.BindException || message.contains("already in use");
        return "--port: " + port + " on " + bind + (inUse ? " is in use" : " cannot be bound") + " (" + message + ")";
    }
}
