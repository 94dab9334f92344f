package io.graylane.gateway.rollback;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.GraylaneException;
import io.graylane.core.config.GraylaneConfig;
import io.graylane.gateway.run.ConfigRevision;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory history: its bound, how a version is named, and the refusal of versions rolled back as bad. */
class ConfigHistoryTest {

    private static final GraylaneConfig KEEP_3 = new ConfigLoader(name -> null).parse(
            "lanes: {stable: {}}\ncoloring: {defaultLane: stable}\nrollback: {history: 3}\n", Format.YAML, "t.yaml");

    private static ConfigRevision kv(long index, String text) {
        String hash = ConfigRevision.hashOf(text);
        return new ConfigRevision(index + "/" + hash.substring(0, 8), hash, index, Instant.EPOCH, "consul:k", "consul",
                "", text, KEEP_3);
    }

    private static ConfigRevision file(String text) {
        String hash = ConfigRevision.hashOf(text);
        return new ConfigRevision(hash.substring(0, 12), hash, 0, Instant.EPOCH, "g.yaml", "file", "", text, KEEP_3);
    }

    @Test
    void keepsTheNewestVersionsUpToTheServingConfigsBound() {
        ConfigHistory h = new ConfigHistory();
        for (int i = 1; i <= 5; i++) {
            h.applied(kv(i * 10, "v" + i));
        }

        assertThat(h.entries()).extracting(ConfigRevision::modifyIndex).containsExactly(50L, 40L, 30L);
        assertThat(h.current().modifyIndex()).isEqualTo(50);
    }

    @Test
    void aVersionIsFoundByItsVersionItsIndexOrAUniqueHashPrefix() {
        ConfigHistory h = new ConfigHistory();
        ConfigRevision a = kv(41, "a");
        ConfigRevision b = kv(43, "b");
        h.applied(a);
        h.applied(b);

        assertThat(h.find(a.version())).hasValue(a);
        assertThat(h.find("43")).hasValue(b);
        assertThat(h.find(a.hash().substring(0, 6))).hasValue(a);
        assertThat(h.find("42")).isEmpty();
        assertThat(h.find("abc")).isEmpty();
    }

    @Test
    void aKvVersionRolledBackAsBadIsRefusedUntilANewerIndexCarriesIt() {
        ConfigHistory h = new ConfigHistory();
        ConfigRevision bad = kv(42, "bad");
        h.markBad(bad, "too many errors", Instant.EPOCH);

        assertThatThrownBy(() -> h.admit(bad)).isInstanceOf(GraylaneException.class)
                .hasMessageContaining("version " + bad.version() + " was rolled back at 1970-01-01T00:00:00Z (too many errors)")
                .hasMessageContaining("refused until a newer version is written to the key");
        assertThatCode(() -> h.admit(kv(44, "bad"))).as("written again, deliberately").doesNotThrowAnyException();
        assertThatCode(() -> h.admit(kv(43, "other"))).doesNotThrowAnyException();
    }

    @Test
    void aFileVersionRolledBackAsBadIsRefusedUntilTheFileHeldOtherContent() {
        ConfigHistory h = new ConfigHistory();
        ConfigRevision bad = file("bad");
        h.markBad(bad, "too many errors", Instant.EPOCH);

        assertThatThrownBy(() -> h.admit(bad)).hasMessageContaining("refused until the file holds other content first");
        h.admit(file("good"));
        assertThatCode(() -> h.admit(bad)).doesNotThrowAnyException();
    }
}
