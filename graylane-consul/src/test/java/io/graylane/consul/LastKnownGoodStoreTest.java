package io.graylane.consul;

import io.graylane.consul.internal.Hashes;
import io.graylane.core.model.Health;
import io.graylane.core.model.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LastKnownGoodStoreTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void aConfigurationDocumentRoundTripsWithItsVersion() {
        LastKnownGoodStore store = LastKnownGoodStore.open(dir, clock);
        String text = "lanes: {stable: {}}\ncoloring: {defaultLane: stable}\n";
        ConfigVersion version = new ConfigVersion(42, Hashes.sha256(text));

        store.saveConfig("graylane/config", version, text);

        assertThat(LastKnownGoodStore.open(dir).loadConfig("graylane/config")).hasValueSatisfying(saved -> {
            assertThat(saved.text()).isEqualTo(text);
            assertThat(saved.version()).isEqualTo(version);
            assertThat(saved.key()).isEqualTo("graylane/config");
            assertThat(saved.savedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void instanceSnapshotsRoundTripPerServiceDatacenterAndNamespace() {
        LastKnownGoodStore store = LastKnownGoodStore.open(dir, clock);
        List<Instance> web = List.of(
                new Instance("web", "web-1", "10.0.0.1", 8080, Health.PASSING, 10, "dc1", Map.of("version", "v1")),
                new Instance("web", "web-2", "::1", 8081, Health.WARNING, 1, "dc1", Map.of("canary", "")));

        store.saveInstances("web", "dc1", "", web);
        store.saveInstances("web", "dc2", "team-a", List.of());

        assertThat(store.loadInstances("web", "dc1", "").orElseThrow().instances()).isEqualTo(web);
        assertThat(store.loadInstances("web", "dc2", "team-a").orElseThrow().instances()).isEmpty();
        assertThat(store.loadInstances("web", "", "")).isEmpty();
        assertThat(store.loadInstances("api", "dc1", "")).isEmpty();
    }

    @Test
    void aSaveReplacesTheFileAtomicallyAndLeavesNoTemporaryFilesBehind() throws Exception {
        LastKnownGoodStore store = LastKnownGoodStore.open(dir, clock);
        for (int i = 0; i < 5; i++) {
            String text = "v" + i;
            store.saveConfig("k", new ConfigVersion(i, Hashes.sha256(text)), text);
        }

        assertThat(store.loadConfig("k").orElseThrow().text()).isEqualTo("v4");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly("config-k.json");
        }
    }

    @Test
    void aFileWhoseTextNoLongerMatchesItsHashIsIgnored() throws Exception {
        LastKnownGoodStore store = LastKnownGoodStore.open(dir, clock);
        store.saveConfig("k", new ConfigVersion(1, Hashes.sha256("original")), "original");
        Path file = dir.resolve("config-k.json");
        Files.writeString(file, Files.readString(file).replace("original", "tampered"));

        assertThat(store.loadConfig("k")).isEmpty();
    }

    @Test
    void aCorruptFileIsIgnoredNotThrown() throws Exception {
        LastKnownGoodStore store = LastKnownGoodStore.open(dir, clock);
        Files.writeString(dir.resolve("services").resolve("web.json"), "{not json");

        assertThat(store.loadInstances("web", "", "")).isEmpty();
    }

    @Test
    void keysAndServiceNamesBecomeSafeFileNames() {
        assertThat(LastKnownGoodStore.fileName("graylane/config")).isEqualTo("graylane%2Fconfig");
        assertThat(LastKnownGoodStore.fileName("..")).isEqualTo("%2E%2E");
        assertThat(LastKnownGoodStore.fileName("web-api_2")).isEqualTo("web-api_2");
    }
}
