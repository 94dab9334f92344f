package io.graylane.gateway.run;

import io.graylane.config.ConfigError;
import io.graylane.config.ConfigException;
import io.graylane.gateway.proxy.GatewayServer;
import io.graylane.testkit.demo.DemoReply;
import io.graylane.testkit.demo.DemoUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A config file followed by a real gateway: what a user sees after editing the file. */
class FileConfigSourceTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<EngineSnapshot> told = new CopyOnWriteArrayList<>();
    private DemoUpstream webV1;
    private DemoUpstream webV2;
    private Path file;
    private FileConfigSource source;
    private GatewayServer server;

    @BeforeEach
    void startUpstreams() {
        webV1 = DemoUpstream.builder("web", "v1").start();
        webV2 = DemoUpstream.builder("web", "v2").start();
        file = dir.resolve("graylane.yaml");
    }

    @AfterEach
    void stopAll() {
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.close();
        }
        webV1.close();
        webV2.close();
    }

    @Test
    void aValidChangeReloadsAndTheNextRequestRoutesByTheNewConfig() throws Exception {
        serve(config("stable"), Duration.ZERO);
        assertThat(servedBy()).isEqualTo("web v1");

        write(config("canary"));
        ReloadOutcome outcome = source.reload();

        assertThat(outcome).isInstanceOf(ReloadOutcome.Applied.class);
        assertThat(servedBy()).isEqualTo("web v2");
        assertThat(told).containsExactly(outcome.serving());
        assertThat(source.current()).isSameAs(outcome.serving());
        assertThat(((ReloadOutcome.Applied) outcome).previous().version()).isEqualTo(versionOf(config("stable")));
        assertThat(outcome.serving().version()).isEqualTo(versionOf(config("canary")));
    }

    @Test
    void anInvalidChangeKeepsTheOldEngineServingAndReportsEveryError() throws Exception {
        EngineSnapshot first = serve(config("stable"), Duration.ZERO);

        write(config("stabel").replace("pathPrefix: /web", "pathPrefix: web"));
        ReloadOutcome outcome = source.reload();

        assertThat(outcome).isInstanceOf(ReloadOutcome.Rejected.class);
        ReloadOutcome.Rejected rejected = (ReloadOutcome.Rejected) outcome;
        assertThat(rejected.serving()).isSameAs(first);
        assertThat(rejected.version()).isEqualTo(versionOf(Files.readString(file)));
        assertThat(rejected.errors()).extracting(ConfigError::path)
                .contains("coloring.defaultLane", "routes[0].pathPrefix");
        assertThat(rejected.errors()).allSatisfy(e -> assertThat(e.source()).isEqualTo(file.toString()));
        assertThat(source.lastRejection()).hasValue(rejected);
        assertThat(source.current()).isSameAs(first);
        assertThat(told).isEmpty();
        assertThat(servedBy()).isEqualTo("web v1");
        assertThat(source.reloads()).isEqualTo(new SourceReloads(1, 0));
    }

    @Test
    void refusedAndUnchangedLooksAreCountedButAnAppliedChangeIsNot() throws Exception {
        serve(config("stable"), Duration.ZERO);

        source.reload();                        // the same text: unchanged
        write(config("stabel"));
        source.reload();                        // invalid: rejected
        write(config("canary"));
        source.reload();                        // applied: counted where it is served

        assertThat(source.reloads()).isEqualTo(new SourceReloads(1, 1));
    }

    @Test
    void identicalContentIsANoOp() throws Exception {
        EngineSnapshot first = serve(config("stable"), Duration.ZERO);

        write(config("stable"));
        ReloadOutcome outcome = source.reload();

        assertThat(outcome).isEqualTo(new ReloadOutcome.Unchanged(first));
        assertThat(source.current()).isSameAs(first);
        assertThat(server.engine()).isSameAs(first.engine());
        assertThat(told).isEmpty();
    }

    @Test
    void aChangeIsPickedUpWithoutAskingWhenPolling() throws Exception {
        serve(config("stable"), Duration.ofMillis(20));

        write(config("canary"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servedBy()).isEqualTo("web v2"));
        assertThat(told).hasSize(1);
    }

    @Test
    void anInvalidChangeFoundByPollingIsReportedOnceAndALaterFixIsApplied() throws Exception {
        EngineSnapshot first = serve(config("stable"), Duration.ofMillis(20));

        write("version: 1\nlanes: [");
        await().atMost(Duration.ofSeconds(10)).until(() -> source.lastRejection().isPresent());
        assertThat(source.current()).isSameAs(first);
        write(config("canary"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servedBy()).isEqualTo("web v2"));
        assertThat(told).hasSize(1);
    }

    @Test
    void aConfigMapStyleSwapOfASymbolicLinkIsPickedUp() throws Exception {
        // Kubernetes mounts graylane.yaml -> ..data/graylane.yaml and swaps ..data to a new directory.
        Path v1 = Files.createDirectory(dir.resolve("v1"));
        Path v2 = Files.createDirectory(dir.resolve("v2"));
        Files.writeString(v1.resolve("graylane.yaml"), config("stable"));
        Files.writeString(v2.resolve("graylane.yaml"), config("canary"));
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(file, Path.of("..data", "graylane.yaml"));
        source = FileConfigSource.builder(file).pollInterval(Duration.ofMillis(20)).build();
        server = GatewayServer.builder(source.load().engine()).port(0).eventLoops(1).build().start();
        source.watch(snapshot -> server.updateEngine(snapshot.engine()));
        assertThat(servedBy()).isEqualTo("web v1");

        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(next, dir.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servedBy()).isEqualTo("web v2"));
    }

    @Test
    void aDeletedFileKeepsTheOldEngineServing() throws Exception {
        EngineSnapshot first = serve(config("stable"), Duration.ZERO);

        Files.delete(file);
        ReloadOutcome outcome = source.reload();

        assertThat(outcome).isInstanceOf(ReloadOutcome.Rejected.class);
        assertThat(((ReloadOutcome.Rejected) outcome).errors()).extracting(ConfigError::toString)
                .containsExactly(file + ": no such file (expected: a readable config file)");
        assertThat(servedBy()).isEqualTo("web v1");
        assertThat(source.current()).isSameAs(first);
    }

    @Test
    void revertingABadEditNeedsNoReload() throws Exception {
        EngineSnapshot first = serve(config("stable"), Duration.ZERO);
        write(config("stabel"));
        assertThat(source.reload()).isInstanceOf(ReloadOutcome.Rejected.class);

        write(config("stable"));

        assertThat(source.reload()).isEqualTo(new ReloadOutcome.Unchanged(first));
        assertThat(told).isEmpty();
    }

    @Test
    void aSnapshotTheServerRefusesIsRejectedAndTheOldOneKeepsServing() throws Exception {
        write(config("stable"));
        source = FileConfigSource.builder(file).pollInterval(Duration.ZERO).build();
        EngineSnapshot first = source.load();
        source.watch(snapshot -> {
            throw new IllegalStateException("chain[0] (recover): cannot be built");
        });

        write(config("canary"));
        ReloadOutcome outcome = source.reload();

        assertThat(outcome).isInstanceOfSatisfying(ReloadOutcome.Rejected.class, r -> assertThat(r.errors())
                .extracting(ConfigError::toString)
                .containsExactly(file + ": not applied: chain[0] (recover): cannot be built"));
        assertThat(source.current()).isSameAs(first);
    }

    @Test
    void anInvalidFirstConfigFailsToLoadWithEveryError() throws Exception {
        write(config("stabel").replace("pathPrefix: /web", "pathPrefix: web"));
        source = FileConfigSource.builder(file).pollInterval(Duration.ZERO).build();

        assertThatThrownBy(source::load)
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).hasSize(2));
    }

    @Test
    void theVersionIsTheStartOfTheContentsSha256() throws Exception {
        EngineSnapshot first = serve(config("stable"), Duration.ZERO);

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(config("stable").getBytes(StandardCharsets.UTF_8)));
        assertThat(first.version()).isEqualTo(sha.substring(0, 12));
        assertThat(first.origin()).isEqualTo(file.toString());
        assertThat(first.summary()).isEqualTo("1 route, 2 lanes, 2 static instances");
    }

    @Test
    void misuseIsNamed() throws Exception {
        write(config("stable"));
        FileConfigSource s = FileConfigSource.builder(file).build();
        assertThatThrownBy(() -> s.watch(x -> { })).hasMessage("watch: nothing loaded (expected: load() first)");
        assertThatThrownBy(s::reload).hasMessage("reload: nothing loaded (expected: load() first)");
        s.load();
        assertThatThrownBy(s::load).hasMessage("load: already loaded (expected: load() once)");
        s.close();
        assertThatThrownBy(s::reload).hasMessage("reload: source is closed");
        assertThatThrownBy(() -> FileConfigSource.builder(file).pollInterval(Duration.ofMillis(5)))
                .hasMessage("pollInterval: 5ms (expected: 0 or >= 10ms)");
    }

    private EngineSnapshot serve(String yaml, Duration pollInterval) throws IOException {
        write(yaml);
        source = FileConfigSource.builder(file).pollInterval(pollInterval).build();
        EngineSnapshot first = source.load();
        server = GatewayServer.builder(first.engine()).port(0).eventLoops(1).build().start();
        source.watch(snapshot -> {
            server.updateEngine(snapshot.engine());
            told.add(snapshot);
        });
        return first;
    }

    private String servedBy() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/web")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return DemoReply.parse(r.body()).chain();
    }

    private void write(String text) throws IOException {
        Files.writeString(file, text);
    }

    /** Service web with v1 and v2; every request gets {@code defaultLane}. */
    private String config(String defaultLane) {
        return """
                version: 1
                lanes:
                  stable: {selector: {version: v1}}
                  canary: {selector: {version: v2}, fallback: stable}
                coloring:
                  defaultLane: %s
                routes:
                  - {name: web, pathPrefix: /web, service: web}
                discovery:
                  static:
                    web:
                      - {id: web-v1, address: 127.0.0.1, port: %d, tags: [version=v1]}
                      - {id: web-v2, address: 127.0.0.1, port: %d, tags: [version=v2]}
                """.formatted(defaultLane, webV1.port(), webV2.port());
    }

    private static String versionOf(String text) {
        return EngineSnapshot.contentVersion(text);
    }
}
