package io.graylane.testkit.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One instance of a demo service: a small HTTP server on loopback that answers every request with a
 * {@link DemoReply} saying which service and version served it and which lane it received. One with a
 * downstream first calls that service <em>through the gateway</em>, carrying on the lane header,
 * {@code baggage} and {@code traceparent} it received, and builds the downstream's answer into its own:
 * {@code frontend v2 → orders v1 (fallback: canary: no instances)}, the fallback note read from the
 * gateway's {@code X-Graylane-Debug} response header (when the gateway sends it).
 *
 * <p>Response headers, one token each: {@code X-Demo-Service}, {@code X-Demo-Version},
 * {@code X-Demo-Instance} and {@code X-Demo-Lane} (the lane received, or {@code none}). When the
 * downstream call fails the answer is a 502 whose chain says why. Thread-safe; close it to free the port.
 *
 * <pre>{@code
 * try (DemoUpstream orders = DemoUpstream.builder("orders", "v1").start()) {
 *     URI uri = orders.uri();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class DemoUpstream implements AutoCloseable {

    /** The header a lane travels in between hops. */
    public static final String LANE_HEADER = "X-Graylane-Lane";
    /** The gateway's opt-in debug header, read from downstream answers for the fallback note. */
    public static final String DEBUG_HEADER = "X-Graylane-Debug";
    /** Response header: the service that answered. */
    public static final String SERVICE_HEADER = "X-Demo-Service";
    /** Response header: its version. */
    public static final String VERSION_HEADER = "X-Demo-Version";
    /** Response header: its instance id. */
    public static final String INSTANCE_HEADER = "X-Demo-Instance";
    /** Response header: the lane it received, or {@code none}. */
    public static final String LANE_ECHO_HEADER = "X-Demo-Lane";

    private static final int KEPT_REQUESTS = 100;
    private static final List<String> CARRIED = List.of(LANE_HEADER, "baggage", "traceparent", "tracestate");

    static {
        // The JDK server writes headers and body in separate segments; without TCP_NODELAY an answer on
        // a keep-alive connection waits ~40 ms for a delayed ACK. Read once, before the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String service;
    private final String version;
    private final String id;
    private final String downstreamService;
    private final String downstreamPath;
    private final Supplier<URI> gateway;
    private final Duration callTimeout;
    private final HttpClient client;
    private final ExecutorService executor;
    private final HttpServer server;
    private final ConcurrentLinkedDeque<ReceivedRequest> received = new ConcurrentLinkedDeque<>();

    private DemoUpstream(Builder b) {
        this.service = b.service;
        this.version = b.version;
        this.id = b.id != null ? b.id : b.service + "-" + b.version;
        this.downstreamService = b.downstreamService;
        this.downstreamPath = b.downstreamPath;
        this.gateway = b.gateway;
        this.callTimeout = b.callTimeout;
        this.client = downstreamService == null ? null : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "demo-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try {
            server = HttpServer.create(new InetSocketAddress(loopback, b.port), 64);
        } catch (BindException e) {
            executor.shutdownNow();
            throw new UncheckedIOException(id + ": port " + b.port + " on " + loopback.getHostAddress()
                    + " is in use (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException(id + ": cannot listen on " + loopback.getHostAddress() + ":" + b.port
                    + ": " + e.getMessage(), e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A builder for instance {@code service-version} of {@code service}, on a free port, without a downstream. */
    public static Builder builder(String service, String version) {
        return new Builder(service, version);
    }

    /** The service name, e.g. {@code frontend}. */
    public String service() {
        return service;
    }

    /** The version, e.g. {@code v2}. */
    public String version() {
        return version;
    }

    /** The instance id, e.g. {@code frontend-v2}. */
    public String id() {
        return id;
    }

    /** The port listened on (on {@code 127.0.0.1}). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port());
    }

    /** The requests received, oldest first (the last 100). */
    public List<ReceivedRequest> requests() {
        return new ArrayList<>(received);
    }

    /** The last request received, if any. */
    public Optional<ReceivedRequest> lastRequest() {
        return Optional.ofNullable(received.peekLast());
    }

    /** Stops listening at once; requests in progress are cut off. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return id + " (" + service + " " + version + ") on " + uri();
    }

    private void handle(HttpExchange exchange) {
        try {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            Headers h = exchange.getRequestHeaders();
            String lane = h.getFirst(LANE_HEADER);
            record(new ReceivedRequest(exchange.getRequestMethod(), exchange.getRequestURI().toString(), lane,
                    h.getFirst("baggage"), h.getFirst("traceparent")));
            String self = service + " " + version;
            String lanes = service + "=" + (lane == null || lane.isEmpty() ? "none" : lane);
            int status = 200;
            DemoReply reply;
            if (downstreamService == null) {
                reply = new DemoReply(self, lanes);
            } else {
                Downstream down = callDownstream(h);
                status = down.failed ? 502 : 200;
                reply = new DemoReply(self + DemoReply.ARROW + down.chain,
                        down.lanes.isEmpty() ? lanes : lanes + ", " + down.lanes);
            }
            send(exchange, status, lane, reply.toString());
        } catch (IOException e) {
            // The client went away; nothing to answer.
        } catch (RuntimeException e) {
            // A demo should say what broke rather than drop the connection.
            try {
                send(exchange, 500, null, new DemoReply(service + " " + version + ": failed: " + e, "").toString());
            } catch (IOException | RuntimeException ignored) {
                // Headers were already sent or the client went away.
            }
        } finally {
            exchange.close();
        }
    }

    private void record(ReceivedRequest request) {
        received.addLast(request);
        while (received.size() > KEPT_REQUESTS) {
            received.pollFirst();
        }
    }

    private record Downstream(String chain, String lanes, boolean failed) {
    }

    private Downstream callDownstream(Headers incoming) {
        URI base = gateway.get();
        if (base == null) {
            return new Downstream(downstreamService + ": failed: no gateway address yet", "", true);
        }
        URI target = base.resolve(downstreamPath);
        HttpRequest.Builder req = HttpRequest.newBuilder(target).timeout(callTimeout).GET();
        for (String name : CARRIED) {
            String value = incoming.getFirst(name);
            if (value != null) {
                req.header(name, value);
            }
        }
        HttpResponse<String> response;
        try {
            response = client.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Downstream(downstreamService + ": failed: cannot reach the gateway at " + base + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    "", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Downstream(downstreamService + ": failed: interrupted", "", true);
        }
        if (response.statusCode() / 100 != 2) {
            String first = DemoReply.parse(response.body()).chain();
            return new Downstream(downstreamService + ": failed: HTTP " + response.statusCode()
                    + (first.isEmpty() ? "" : " " + first), "", true);
        }
        DemoReply down = DemoReply.parse(response.body());
        String fallback = DebugFields.parse(response.headers().firstValue(DEBUG_HEADER).orElse(null)).get("fallback");
        String chain = down.chain();
        if (fallback != null && !fallback.isEmpty()) {
            // The note belongs to the first hop of the downstream chain: the one the gateway just routed.
            int cut = chain.indexOf(DemoReply.ARROW);
            String head = cut < 0 ? chain : chain.substring(0, cut);
            String tail = cut < 0 ? "" : chain.substring(cut);
            chain = head + " (fallback: " + fallback + ")" + tail;
        }
        return new Downstream(chain, down.lanes(), false);
    }

    private void send(HttpExchange exchange, int status, String lane, String body) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("Content-Type", "text/plain; charset=utf-8");
        out.set(SERVICE_HEADER, service);
        out.set(VERSION_HEADER, version);
        out.set(INSTANCE_HEADER, id);
        out.set(LANE_ECHO_HEADER, lane == null || lane.isEmpty() || !isToken(lane) ? "none" : lane);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (exchange.getRequestMethod().equalsIgnoreCase("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    /** A received value is echoed in a header only when it cannot break the header. */
    private static boolean isToken(String s) {
        return s.length() <= 200 && s.chars().allMatch(c -> c > 32 && c < 127);
    }

    /** Settings of a {@link DemoUpstream}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {

        private final String service;
        private final String version;
        private String id;
        private int port;
        private String downstreamService;
        private String downstreamPath;
        private Supplier<URI> gateway;
        private Duration callTimeout = Duration.ofSeconds(10);

        private Builder(String service, String version) {
            this.service = token("service", service);
            this.version = token("version", version);
        }

        /** The instance id (default {@code service-version}). */
        public Builder id(String id) {
            this.id = token("id", id);
            return this;
        }

        /** The port on {@code 127.0.0.1}; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
            }
            this.port = port;
            return this;
        }

        /**
         * Calls {@code service} on every request, as {@code GET <gateway><path>}, before answering.
         *
         * @param service the downstream service's name, for messages
         * @param path    the path the gateway routes to it, e.g. {@code /orders}
         * @param gateway the gateway's base address, asked on every call (so it may be known only after
         *                this upstream started); {@code null} from it fails the call
         */
        public Builder downstream(String service, String path, Supplier<URI> gateway) {
            this.downstreamService = token("downstream service", service);
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path: " + path + " (expected: a path starting with '/')");
            }
            this.downstreamPath = path;
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            return this;
        }

        /** How long a downstream call may take in all. Default 10 s. */
        public Builder callTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "callTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("callTimeout: " + timeout + " (expected: > 0)");
            }
            this.callTimeout = timeout;
            return this;
        }

        /**
         * Binds the port and starts answering.
         *
         * @throws UncheckedIOException when the port cannot be bound; the message names the instance and
         *                              the port ({@code frontend-v1: port 18081 on 127.0.0.1 is in use (…)})
         */
        public DemoUpstream start() {
            return new DemoUpstream(this);
        }

        private static String token(String what, String value) {
            Objects.requireNonNull(value, what);
            if (value.isEmpty() || !value.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException(what + ": \"" + value + "\" (expected: a non-empty token)");
            }
            return value;
        }
    }
}
