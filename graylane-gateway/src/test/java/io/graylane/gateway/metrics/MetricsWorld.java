package io.graylane.gateway.metrics;

import com.sun.net.httpserver.HttpServer;
import io.graylane.gateway.admin.AdminAccess;
import io.graylane.gateway.admin.AdminServer;
import io.graylane.gateway.admin.ServingState;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.TestConfigs;
import io.graylane.gateway.run.EngineSnapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A gateway over two loopback upstreams (web v1 stable, web v2 canary; header {@code X-User-Group: beta}
 * colors canary) with metrics and an admin API on free loopback ports. For tests of both.
 */
public final class MetricsWorld implements AutoCloseable {

    public final HttpServer v1 = upstream("v1");
    public final HttpServer v2 = upstream("v2");
    /** A port nothing listens on: the {@code dead} route's only instance. */
    public final int deadPort = TestConfigs.freePort();
    public final GatewayMetrics metrics = GatewayMetrics.withoutJvm();
    public final BuiltinMiddleware builtins = new BuiltinMiddleware();
    public final ServingState state = new ServingState(Clock.systemUTC());
    public final AtomicBoolean lastKnownGood = new AtomicBoolean();
    public final GatewayServer gateway;
    public final AdminServer admin;
    public final HttpClient client = HttpClient.newHttpClient();

    /** A world whose admin API has no token. */
    public MetricsWorld() {
        this(null);
    }

    /** A world whose admin API requires {@code token} (or none when {@code null}). */
    public MetricsWorld(String token) {
        this(token, "[{id: m, type: metrics}, {id: safety, type: recover}]");
    }

    /**
     * A world whose admin API requires {@code token} (or none when {@code null}) and whose config has
     * middleware {@code chain} (a YAML flow list; {@code []} for the chain-free fast path).
     */
    public MetricsWorld(String token, String chain) {
        metrics.middlewareCounters(builtins);
        EngineSnapshot first = snapshot(chain, "version-1");
        gateway = GatewayServer.builder(first.engine()).port(0).bindAddress("127.0.0.1").eventLoops(1)
                .middlewareRegistry(InstrumentedRegistry.of(builtins.registry().with(new MetricsFactory()), metrics))
                .requestObserver(metrics)
                .build().start();
        state.serving(first);
        metrics.configServed(first);
        admin = AdminServer.start(InetAddress.getLoopbackAddress(), 0,
                AdminAccess.forBind(InetAddress.getLoopbackAddress(), token), gateway, state, lastKnownGood::get, metrics);
    }

    /** A snapshot of the world's config with middleware {@code chain} (a YAML flow list). */
    public EngineSnapshot snapshot(String chain, String version) {
        return new EngineSnapshot(TestConfigs.engine(yaml(chain)), version, "test.yaml");
    }

    /** The world's config text with middleware {@code chain}. */
    public String yaml(String chain) {
        return TestConfigs.CANARY_LANES + """
                routes:
                  - {name: web, pathPrefix: /web, service: web}
                  - {name: dead, pathPrefix: /dead, service: dead}
                discovery:
                  static:
                    web:
                      - {id: web-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: web-v2, address: 127.0.0.1, port: %d, tags: [version=v2]}
                    dead:
                      - {id: dead-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                chain: %s
                """.formatted(v1.getAddress().getPort(), v2.getAddress().getPort(), deadPort, chain);
    }

    /** GET {@code path} through the gateway with {@code headers} (name, value, …). */
    public HttpResponse<String> viaGateway(String path, String... headers) {
        return get(URI.create("http://127.0.0.1:" + gateway.port() + path), headers);
    }

    /** GET {@code path} on the admin API with {@code headers} (name, value, …). */
    public HttpResponse<String> admin(String path, String... headers) {
        return get(URI.create("http://127.0.0.1:" + admin.port() + path), headers);
    }

    /** {@code method} {@code path} on the admin API with {@code body} (may be empty). */
    public HttpResponse<String> adminSend(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> get(URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer upstream(String version) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            s.createContext("/", ex -> {
                byte[] body = version.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        admin.close();
        gateway.close();
        v1.stop(0);
        v2.stop(0);
    }
}
