package io.graylane.library.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain HTTP server on 127.0.0.1 and an ephemeral port that answers every request with
 * {@code <name> lane=<lane header> baggage=<baggage header>}: what an outbound call carried and where it
 * landed. Close it to stop.
 */
public final class Backend implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final String name;

    private Backend(String name, String laneHeader) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String lane = exchange.getRequestHeaders().getFirst(laneHeader);
            String baggage = exchange.getRequestHeaders().getFirst("baggage");
            byte[] body = (name + " lane=" + lane + " baggage=" + baggage).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    /** A backend reading the default lane header {@code X-Graylane-Lane}. */
    public static Backend start(String name) {
        return new Backend(name, "X-Graylane-Lane");
    }

    /** A backend reading {@code laneHeader}. */
    public static Backend start(String name, String laneHeader) {
        return new Backend(name, laneHeader);
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} plus {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
