package io.graylane.gateway.plugin;

import io.graylane.gateway.admin.AdminAccess;
import io.graylane.gateway.admin.AdminServer;
import io.graylane.gateway.admin.ServingState;
import io.graylane.gateway.metrics.ChainMetrics;
import io.graylane.gateway.metrics.GatewayMetrics;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.proxy.TestConfigs;
import io.graylane.gateway.proxy.TestUpstream;
import io.graylane.gateway.run.EngineSnapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A gateway with a plugin directory, chain metrics and an admin API on free loopback ports, in front of
 * one echo upstream ({@link TestUpstream}: it answers with what it received). For the plugin tests.
 */
final class PluginWorld implements AutoCloseable {

    final TestUpstream upstream = new TestUpstream("web-1");
    final Path pluginDir;
    final GatewayMetrics metrics = GatewayMetrics.withoutJvm();
    final ChainMetrics chainMetrics = new ChainMetrics(metrics);
    final BuiltinMiddleware builtins = new BuiltinMiddleware();
    final ServingState state = new ServingState(Clock.systemUTC());
    final GatewayServer gateway;
    final AdminServer admin;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A world whose plugin directory is {@code root/plugins} (filled by the caller first), serving {@code chain}. */
    PluginWorld(Path root, String chain) {
        this(root, chain, Duration.ofSeconds(10));
    }

    /** A world like {@link #PluginWorld(Path, String)} whose plugin middleware may take {@code pluginTimeout} per request. */
    PluginWorld(Path root, String chain, Duration pluginTimeout) {
        try {
            pluginDir = Files.createDirectories(root.resolve("plugins"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metrics.middlewareCounters(builtins);
        EngineSnapshot first = snapshot(chain, "v-0");
        gateway = GatewayServer.builder(first.engine()).port(0).eventLoops(2)
                .middlewareRegistry(builtins.registry())
                .pluginDirectory(pluginDir).pluginServeTimeout(pluginTimeout)
                .chainListener(chainMetrics).drainDeadline(Duration.ofSeconds(20))
                .build().start();
        chainMetrics.pluginFailures(() -> gateway.pluginFailures().orElseThrow());
        state.serving(first);
        admin = AdminServer.start(InetAddress.getLoopbackAddress(), 0,
                AdminAccess.forBind(InetAddress.getLoopbackAddress(), null), gateway, state, () -> false, metrics);
    }

    /** A snapshot of the world's config with middleware {@code chain} (a YAML flow list). */
    EngineSnapshot snapshot(String chain, String version) {
        String yaml = """
                version: 1
                lanes:
                  stable: {selector: {version: v1}}
                coloring:
                  defaultLane: stable
                  rules: []
                routes:
                  - {name: web, pathPrefix: /web, service: web}
                discovery:
                  static:
                    web:
                      - {id: web-1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                chain: %s
                """.formatted(upstream.port(), chain);
        return new EngineSnapshot(TestConfigs.engine(yaml), version, "test.yaml");
    }

    /** Swaps in the config with {@code chain}, as a reload does. */
    void use(String chain, String version) {
        EngineSnapshot s = snapshot(chain, version);
        gateway.updateEngine(s.engine());
        state.serving(s);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(20)).build());
    }

    HttpResponse<String> admin(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of metric line {@code series} (e.g. {@code graylane_chain_swaps_total}) in /metrics, or -1. */
    double metric(String series) {
        for (String line : metrics.scrapeText().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return -1;
    }

    @Override
    public void close() {
        admin.close();
        gateway.close();
        upstream.close();
    }
}
