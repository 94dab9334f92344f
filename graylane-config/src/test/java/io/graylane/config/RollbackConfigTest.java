package io.graylane.config;

import io.graylane.core.config.GraylaneConfig;
import io.graylane.core.config.RollbackSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code rollback} section: defaults, values, and errors named by path. */
class RollbackConfigTest {

    private static final String BASE = "lanes: {stable: {}}\ncoloring: {defaultLane: stable}\n";

    private static GraylaneConfig load(String extra) {
        return new ConfigLoader(name -> null).parse(BASE + extra, Format.YAML, "test.yaml");
    }

    @Test
    void withoutTheSectionTwentyVersionsAreKeptAndNothingRollsBackByItself() {
        assertThat(load("").rollback()).isEqualTo(RollbackSettings.DEFAULT);
        assertThat(RollbackSettings.DEFAULT.auto().enabled()).isFalse();
    }

    @Test
    void everyKeyIsRead() {
        RollbackSettings r = load("rollback: {history: 5, auto: {enabled: true, window: 90s, minRequests: 7, margin: 0.1}}\n")
                .rollback();

        assertThat(r.history()).isEqualTo(5);
        assertThat(r.auto()).isEqualTo(new RollbackSettings.Auto(true, Duration.ofSeconds(90), 7, 0.1));
    }

    @Test
    void wrongValuesAreNamedByTheirPath() {
        assertThatThrownBy(() -> load("rollback: {history: 0, auto: {window: 0s, minRequests: 0, margin: 1.5, enabld: true}}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollback.history: 0 (expected: an integer 1..1000)")
                .hasMessageContaining("rollback.auto.window: \"0s\" (expected: a Go duration such as 60s or 2m")
                .hasMessageContaining("rollback.auto.minRequests: 0 (expected: an integer >= 1)")
                .hasMessageContaining("rollback.auto.margin: 1.5 (expected: a fraction 0 <= margin < 1")
                .hasMessageContaining("rollback.auto.enabld: unknown key");
    }
}
