package io.graylane.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.graylane.gateway.metrics.GatewayMetrics;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.rollback.RollbackResult;
import io.graylane.gateway.rollback.Rollbacks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The admin API on its own port, served by the JDK's {@code com.sun.net.httpserver}: health,
 * readiness, the snapshot being served, the middleware chain, explain and Prometheus metrics (see
 * docs/gateway.md "Admin API"). Loopback by default; on any other address a bearer token is
 * required ({@link AdminAccess}). Requests are served by one small daemon thread pool, never by the
 * proxy's event loops. Thread-safe.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer http;
    private final ExecutorService executor;
    private final AdminAccess access;
    private final AdminViews views;
    private final GatewayMetrics metrics;
    private volatile Rollbacks rollbacks;

    private AdminServer(HttpServer http, ExecutorService executor, AdminAccess access, AdminViews views,
                        GatewayMetrics metrics) {
        this.http = http;
        this.executor = executor;
        this.access = access;
        this.views = views;
        this.metrics = metrics;
    }

    /**
     * Starts the admin API on {@code bind}:{@code port} (0 picks a free port).
     *
     * @param gateway        the proxy it reports on
     * @param state          the snapshot being served
     * @param lastKnownGood  whether the snapshot came from the saved last-known-good state
     * @param metrics        what {@code /metrics} exposes, or {@code null} for a 404 there
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static AdminServer start(InetAddress bind, int port, AdminAccess access, GatewayServer gateway,
                                    ServingState state, BooleanSupplier lastKnownGood, GatewayMetrics metrics) {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(access, "access");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("admin API: cannot listen on " + bind.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "graylane-admin");
            t.setDaemon(true);
            return t;
        });
        AdminServer server = new AdminServer(http, executor, access,
                new AdminViews(Objects.requireNonNull(gateway, "gateway"), Objects.requireNonNull(state, "state"),
                        Objects.requireNonNull(lastKnownGood, "lastKnownGood")), metrics);
        http.createContext("/", server::handle);
        http.setExecutor(executor);
        http.start();
        return server;
    }

    /** The port listened on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The address and port listened on. */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /**
     * Serves {@code GET /config/history} and {@code POST /config/rollback?to=VERSION} from {@code value},
     * and lists the history in {@code /snapshot} (404 on those routes until set).
     */
    public void rollbacks(Rollbacks value) {
        this.rollbacks = value;
        views.history(value == null ? null : value.history());
    }

    /** Whether callers must send the bearer token. */
    public boolean requiresToken() {
        return access.requiresToken();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!access.allows(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"graylane-admin\"");
                sendJson(ex, 401, error("unauthorized: send 'Authorization: Bearer <token>'"));
                return;
            }
            route(ex);
        } catch (RuntimeException e) {
            log.warn("admin API: {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            sendJson(ex, 500, error("internal error: " + e.getMessage()));
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        switch (path) {
            case "/health" -> {
                if (allow(ex, method, "GET")) {
                    sendJson(ex, 200, Map.of("status", "up"));
                }
            }
            case "/ready" -> {
                if (allow(ex, method, "GET")) {
                    String reason = views.notReadyReason();
                    sendJson(ex, reason == null ? 200 : 503, reason == null ? Map.of("status", "ready")
                            : orderedMap("status", "not ready", "reason", reason));
                }
            }
            case "/snapshot" -> {
                if (allow(ex, method, "GET")) {
                    Map<String, Object> snapshot = views.snapshot();
                    sendJson(ex, snapshot == null ? 503 : 200, snapshot == null ? error("no snapshot loaded yet") : snapshot);
                }
            }
            case "/chain" -> {
                if (allow(ex, method, "GET")) {
                    sendJson(ex, 200, views.chain());
                }
            }
            case "/explain" -> {
                if (allow(ex, method, "GET", "POST")) {
                    explain(ex, method);
                }
            }
            case "/metrics" -> {
                if (metrics == null) {
                    sendJson(ex, 404, error("metrics are off"));
                } else if (allow(ex, method, "GET")) {
                    ex.getResponseHeaders().set("Content-Type", GatewayMetrics.textContentType());
                    ex.sendResponseHeaders(200, 0);
                    try (OutputStream out = ex.getResponseBody()) {
                        metrics.writeText(out);
                    }
                }
            }
            case "/config/history" -> {
                Rollbacks r = rollbacks;
                if (r == null) {
                    sendJson(ex, 404, error("no config history here"));
                } else if (allow(ex, method, "GET")) {
                    sendJson(ex, 200, HistoryViews.history(r.history()));
                }
            }
            case "/config/rollback" -> {
                Rollbacks r = rollbacks;
                if (r == null) {
                    sendJson(ex, 404, error("no config history here"));
                } else if (allow(ex, method, "POST")) {
                    rollback(ex, r);
                }
            }
            default -> sendJson(ex, 404, error("no such endpoint: " + path + " (expected: /health, /ready, /snapshot,"
                    + " /chain, /explain, /metrics, /config/history, /config/rollback)"));
        }
    }

    private static void rollback(HttpExchange ex, Rollbacks r) throws IOException {
        // A browser page must not roll back a gateway on the developer's loopback: browsers send Origin
        // on every cross-site POST, curl and the CLI never do.
        if (ex.getRequestHeaders().containsKey("Origin")) {
            sendJson(ex, 403, error("Origin: cross-origin requests may not roll back (expected: no Origin header,"
                    + " as curl and graylane send)"));
            return;
        }
        String to = queryParam(ex.getRequestURI().getRawQuery(), "to");
        if (to == null || to.isBlank()) {
            sendJson(ex, 400, error("to: missing (expected: ?to=VERSION, a version from GET /config/history)"));
            return;
        }
        RollbackResult result = r.manual(to);
        sendJson(ex, HistoryViews.status(result), HistoryViews.result(result));
    }

    /** The first value of {@code name} in a raw query string, decoded; {@code null} when absent. */
    private static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void explain(HttpExchange ex, String method) throws IOException {
        ExplainQuery query;
        try {
            query = "POST".equals(method) ? ExplainQuery.fromJson(readBody(ex)) : ExplainQuery.fromQuery(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            sendJson(ex, 400, error(e.getMessage()));
            return;
        }
        ServingState.Loaded loaded = views.loaded();
        if (loaded == null) {
            sendJson(ex, 503, error("no snapshot loaded yet"));
            return;
        }
        String body;
        try {
            body = query.explainJson(loaded.snapshot().engine());
        } catch (IllegalArgumentException e) {
            sendJson(ex, 400, error(e.getMessage()));
            return;
        }
        send(ex, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(64 * 1024 + 1);
            if (body.length > 64 * 1024) {
                throw new IllegalArgumentException("request body: larger than 64 KiB");
            }
            return body;
        }
    }

    private static boolean allow(HttpExchange ex, String method, String... allowed) throws IOException {
        for (String a : allowed) {
            if (a.equals(method)) {
                return true;
            }
        }
        ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
        sendJson(ex, 405, error("method not allowed: " + method + " (expected: " + String.join(" or ", allowed) + ")"));
        return false;
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static void sendJson(HttpExchange ex, int status, Object value) throws IOException {
        byte[] body;
        try {
            body = (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        send(ex, status, "application/json", body);
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops listening; requests being answered get up to a second to finish. */
    @Override
    public void close() {
        http.stop(1);
        executor.shutdownNow();
    }
}
