package io.graylane.gateway.consul;

import io.graylane.config.ConfigLoader;
import io.graylane.consul.CheckDefinition;
import io.graylane.consul.ConsulClient;
import io.graylane.consul.ConsulClientConfig;
import io.graylane.consul.ServiceRegistration;
import io.graylane.consul.WatchSettings;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.run.ConsulEngineSource;
import io.graylane.testkit.consul.ConsulSimulator;
import io.graylane.testkit.demo.DemoUpstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Consul simulator, demo upstreams registered in it through the agent API with TTL checks, and
 * gateways over {@link ConsulEngineSource}: what the end-to-end tests share. Not thread-safe; one per test.
 */
final class ConsulWorld implements AutoCloseable {

    static final String KEY = "graylane/config";

    /** Short waits and back-offs, so a change or a recovery shows within a second or so. */
    static final WatchSettings FAST = WatchSettings.builder()
            .waitTime(Duration.ofSeconds(1))
            .ratePerSecond(20)
            .burst(2)
            .backoffInitial(Duration.ofMillis(50))
            .backoffMax(Duration.ofMillis(300))
            .build();

    /** Stable v1, canary v2 (with a fallback to stable), beta users in canary; web from Consul. */
    static final String CONFIG = """
            lanes:
              stable: {selector: {version: v1}}
              canary: {selector: {version: v2}, fallback: stable}
            coloring:
              defaultLane: stable
              rules:
                - {name: beta, lane: canary, when: {header: {name: X-User-Group, equals: beta}}}
            routes:
              - {pathPrefix: /web, service: web}
            discovery:
              consul: {wait: 1s}
            """;

    /** Nothing from the process: no CONSUL_HTTP_* of the machine running the tests leaks in. */
    static final Map<String, String> NO_ENVIRONMENT = Map.of();

    final ConsulSimulator consul = ConsulSimulator.start();
    final ConsulClient client = ConsulClient.create(ConsulClientConfig.builder()
            .environment(NO_ENVIRONMENT::get)
            .address(consul.address())
            .requestTimeout(Duration.ofSeconds(3))
            .build());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** A started demo upstream {@code service version}, with id {@code id}, stopped with the world. */
    DemoUpstream upstream(String service, String version, String id) {
        DemoUpstream u = DemoUpstream.builder(service, version).id(id).start();
        resources.add(u);
        return u;
    }

    /** Registers {@code upstream} with the agent, tagged {@code version=<its version>}, its TTL check passing. */
    void register(DemoUpstream upstream) {
        client.agentRegister(ServiceRegistration.of(upstream.service(), upstream.id(), "127.0.0.1", upstream.port())
                .withTags(List.of("version=" + upstream.version()))
                .withChecks(List.of(CheckDefinition.ttl(Duration.ofMinutes(10)).withStatus("passing"))));
    }

    /** The id of {@code upstream}'s TTL check. */
    static String checkOf(DemoUpstream upstream) {
        return "service:" + upstream.id();
    }

    /** A source over the key in this world's simulator, keeping its state in {@code stateDir}. */
    ConsulEngineSource.Builder keySource(Path stateDir) {
        return ConsulEngineSource.fromConsulKey(KEY)
                .consulAddress(consul.address().toString())
                .environment(NO_ENVIRONMENT::get)
                .loader(new ConfigLoader(NO_ENVIRONMENT::get))
                .stateDirectory(stateDir)
                .watchSettings(FAST)
                .startTimeout(Duration.ofSeconds(10))
                .instancesTimeout(Duration.ofSeconds(5));
    }

    /** Loads {@code source}, starts a gateway on a free port over it and makes it follow the source. */
    GatewayServer serve(ConsulEngineSource source) {
        resources.add(source);
        GatewayServer server = GatewayServer.builder(source.load().engine()).port(0).build().start();
        resources.add(server);
        source.watch(snapshot -> server.updateEngine(snapshot.engine()));
        return server;
    }

    /** Closes {@code resources} with the world (after anything added later). */
    void closeWith(AutoCloseable... more) {
        resources.addAll(java.util.List.of(more));
    }

    /** {@code GET /web} through {@code server}, with {@code headers} as name, value pairs. */
    HttpResponse<String> get(GatewayServer server, String... headers) {
        return get(server, "/web", headers);
    }

    /** {@code GET path} through {@code server}, with {@code headers} as name, value pairs. */
    HttpResponse<String> get(GatewayServer server, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The instance that answered a {@code GET /web}, or the status when the gateway itself answered. */
    String servedBy(GatewayServer server, String... headers) {
        return servedAt(server, "/web", headers);
    }

    /** The instance that answered a {@code GET path}, or the status when the gateway itself answered. */
    String servedAt(GatewayServer server, String path, String... headers) {
        HttpResponse<String> r = get(server, path, headers);
        return r.headers().firstValue(DemoUpstream.INSTANCE_HEADER).orElse("status " + r.statusCode());
    }

    /** A source over {@code file}, with discovery from this world's simulator, keeping its state in {@code stateDir}. */
    ConsulEngineSource.Builder fileSource(Path file, Path stateDir) {
        return ConsulEngineSource.fromFile(file)
                .consulAddress(consul.address().toString())
                .environment(NO_ENVIRONMENT::get)
                .loader(new ConfigLoader(NO_ENVIRONMENT::get))
                .stateDirectory(stateDir)
                .watchSettings(FAST)
                .pollInterval(Duration.ofMillis(50))
                .instancesTimeout(Duration.ofSeconds(5));
    }

    /** Stops gateways, sources and upstreams (newest first), then the simulator. */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // Closing the rest matters more.
            }
        }
        consul.close();
    }
}
