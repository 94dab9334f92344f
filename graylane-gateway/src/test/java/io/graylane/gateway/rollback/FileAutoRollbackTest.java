package io.graylane.gateway.rollback;

import io.graylane.config.ConfigLoader;
import io.graylane.core.chain.MiddlewareFactory;
import io.graylane.core.chain.Response;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.gateway.run.ConfigRevision;
import io.graylane.gateway.run.ConsulEngineSource;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automatic and manual rollback with a config file: applied on this gateway only, the file on disk left
 * as it is, and the bad version not applied again by a forced reload until the file holds other content.
 */
class FileAutoRollbackTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final DemoUpstream web = DemoUpstream.builder("web", "v1").id("web-v1").start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ConsulEngineSource source;
    private GatewayServer gateway;
    private ConfigOperations ops;

    @AfterEach
    void stop() {
        if (ops != null) {
            ops.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (source != null) {
            source.close();
        }
        web.close();
    }

    private String config(String chain) {
        return """
                lanes: {stable: {}}
                coloring: {defaultLane: stable}
                routes: [{pathPrefix: /web, service: web}]
                discovery: {static: {web: [{id: web-v1, address: 127.0.0.1, port: %d}]}}
                chain: %s
                rollback:
                  auto: {enabled: true, window: 15s, minRequests: 10, margin: 0.2}
                """.formatted(web.port(), chain);
    }

    /** {@code acme.flaky}: a plugin-like middleware that answers 503 by itself. */
    private static MiddlewareFactory flaky() {
        return MiddlewareFactory.of("acme.flaky", ctx -> next -> exchange ->
                CompletableFuture.completedFuture(Response.of(503, "acme.flaky: backend pool exhausted\n")));
    }

    private int get() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/web"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailingVersionIsRolledBackHereAndAForcedReloadDoesNotApplyItAgain() throws Exception {
        String v1 = config("[]");
        String v2 = config("[{id: pool, type: acme.flaky}]");
        Path file = Files.writeString(dir.resolve("graylane.yaml"), v1);
        ConfigHistory history = new ConfigHistory();
        source = ConsulEngineSource.fromFile(file).environment(Map.<String, String>of()::get)
                .loader(new ConfigLoader(Map.<String, String>of()::get)).stateDirectory(dir.resolve("state"))
                .pollInterval(Duration.ofMillis(50)).revisions(history).build();
        gateway = GatewayServer.builder(source.load().engine()).port(0)
                .middlewareRegistry(new BuiltinMiddleware().registry().with(flaky())).build().start();
        source.watch(snapshot -> gateway.updateEngine(snapshot.engine()));
        ops = ConfigOperations.start(history, source, gateway, null, Clock.systemUTC());
        for (int i = 0; i < 20; i++) {
            assertThat(get()).isEqualTo(200);
        }

        Files.writeString(file, v2);
        await().atMost(BOUND).until(() -> history.current().hash().equals(ConfigRevision.hashOf(v2)));
        int[] sent = {0};
        await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (int i = 0; i < 5 && sent[0] < 300; i++, sent[0]++) {
                get();
            }
            return history.current().hash().equals(ConfigRevision.hashOf(v1));
        });

        assertThat(get()).isEqualTo(200);
        await().atMost(BOUND).until(() -> ops.rollbacks().count("auto") == 1); // counted right after it applied
        assertThat(history.current().source()).isEqualTo("auto-rollback");
        assertThat(Files.readString(file)).as("the file on disk is not changed").isEqualTo(v2);

        // SIGHUP (a forced look) reads the file again: the bad version is refused, v1 keeps serving.
        source.refresh();
        await().atMost(BOUND).until(() -> source.lastRejection().isPresent());
        assertThat(source.lastRejection().get().errors().get(0).toString()).contains("was rolled back at",
                "refused until the file holds other content first");
        assertThat(get()).isEqualTo(200);
        assertThat(history.current().hash()).isEqualTo(ConfigRevision.hashOf(v1));

        // Other content in the file wins again.
        String v3 = config("[{id: recover, type: recover}]");
        Files.writeString(file, v3);
        await().atMost(BOUND).until(() -> history.current().hash().equals(ConfigRevision.hashOf(v3)));
        assertThat(get()).isEqualTo(200);
    }

    @Test
    void aManualRollbackAppliesAKeptVersionHereOnly() throws Exception {
        String v1 = config("[]");
        String v2 = config("[{id: recover, type: recover}]");
        Path file = Files.writeString(dir.resolve("graylane.yaml"), v1);
        ConfigHistory history = new ConfigHistory();
        source = ConsulEngineSource.fromFile(file).environment(Map.<String, String>of()::get)
                .loader(new ConfigLoader(Map.<String, String>of()::get)).stateDirectory(dir.resolve("state"))
                .pollInterval(Duration.ofMillis(50)).revisions(history).build();
        gateway = GatewayServer.builder(source.load().engine()).port(0).build().start();
        source.watch(snapshot -> gateway.updateEngine(snapshot.engine()));
        ops = ConfigOperations.start(history, source, gateway, null, Clock.systemUTC());
        String v1Version = history.current().version();
        Files.writeString(file, v2);
        await().atMost(BOUND).until(() -> history.current().hash().equals(ConfigRevision.hashOf(v2)));

        RollbackResult result = ops.rollbacks().manual(v1Version.substring(0, 8));

        assertThat(result).isInstanceOf(RollbackResult.Applied.class);
        assertThat(result.message()).contains("on this gateway only (a file source)");
        assertThat(gateway.engine().config().chain()).isEmpty();
        assertThat(history.entries()).extracting(ConfigRevision::source).first().isEqualTo("rollback");
        assertThat(ops.rollbacks().count("manual")).isEqualTo(1);
        assertThat(ops.rollbacks().manual("ffffff")).isInstanceOf(RollbackResult.NotFound.class);
    }
}
