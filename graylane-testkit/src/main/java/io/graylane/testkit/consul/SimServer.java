package io.graylane.testkit.consul;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: a JDK {@link HttpServer} on loopback whose executor is a cached pool of daemon threads
 * ({@code consul-sim-N}), so any number of blocking queries can wait at once. Counts requests, applies the
 * faults (latency, resets, failures) before routing, and can stop and restart its listener on the same
 * port for outages. Thread-safe.
 */
final class SimServer implements Faults.Listener {

    static {
        // The JDK server writes headers and body in separate segments; without TCP_NODELAY every
        // answer waits ~40 ms for a delayed ACK. The property is read once, when the JDK's server
        // configuration class initializes, so set it before the first server is created (unless the
        // user chose a value).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final SimContext ctx;
    private final Router router;
    private final ExecutorService executor;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private HttpServer server;
    private int port;
    private boolean closed;

    SimServer(SimContext ctx) {
        this.ctx = ctx;
        this.router = new Router(ctx);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "consul-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    synchronized void start(int requestedPort) {
        server = bind(requestedPort);
        port = server.getAddress().getPort();
        LOG.debug("consul-sim listening on 127.0.0.1:{}", port);
    }

    synchronized int port() {
        return port;
    }

    @Override
    public synchronized void outage() {
        if (server != null) {
            server.stop(0);
            server = null;
            // Requests still waiting inside must end too: their connections are gone.
            ctx.store().abortWaiters();
            LOG.debug("consul-sim outage on port {}", port);
        }
    }

    @Override
    public synchronized void recover() {
        if (server == null && !closed) {
            server = bind(port);
            LOG.debug("consul-sim recovered on port {}", port);
        }
    }

    synchronized void close() {
        closed = true;
        if (server != null) {
            server.stop(0);
            server = null;
        }
        ctx.store().abortWaiters();
        executor.shutdownNow();
    }

    long requestCount(String pathPrefix) {
        long total = 0;
        for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
            if (e.getKey().startsWith(pathPrefix)) {
                total += e.getValue().sum();
            }
        }
        return total;
    }

    void resetRequestCounts() {
        counts.clear();
    }

    private HttpServer bind(int p) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(LOOPBACK, p), 128);
            s.createContext("/", this::handle);
            s.setExecutor(executor);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("consul-sim: cannot listen on 127.0.0.1:" + p, e);
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            counts.computeIfAbsent(path, k -> new LongAdder()).increment();
            Duration latency = ctx.faults().currentLatency();
            if (!latency.isZero()) {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            }
            if (ctx.faults().resetting()) {
                // Closing before any response header makes the JDK server drop the connection: an EOF/reset.
                exchange.close();
                return;
            }
            int failure = ctx.faults().takeFailure();
            if (failure != 0) {
                drain(exchange);
                send(exchange, SimResponse.text(failure, Faults.failureText(failure)));
                return;
            }
            SimRequest req = new SimRequest(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(), readBody(exchange));
            SimResponse response;
            try {
                response = router.route(req);
            } catch (ApiError e) {
                response = SimResponse.text(e.status(), e.getMessage());
            } catch (RuntimeException e) {
                if (e instanceof DroppedConnection) {
                    throw e;
                }
                LOG.warn("consul-sim: {} {} failed", req.method(), path, e);
                response = SimResponse.text(500, String.valueOf(e));
            }
            send(exchange, response);
        } catch (DroppedConnection e) {
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException e) {
            // The client went away; nothing to answer.
            exchange.close();
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void drain(HttpExchange exchange) throws IOException {
        readBody(exchange);
    }

    private static void send(HttpExchange exchange, SimResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }
}
