package io.graylane.consul.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EncodingTest {

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"0, 0s", "1, 1ms", "250, 250ms", "1000, 1s", "1500, 1500ms", "90000, 90s", "60000, 1m",
            "300000, 5m", "600000, 10m"})
    void waitsAreRenderedAsGoDurations(long millis, String expected) {
        assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @Test
    void subMillisecondWaitsRoundUpSoTheyNeverBecomeZero() {
        assertThat(GoDuration.format(Duration.ofNanos(10))).isEqualTo("1ms");
    }

    @Test
    void kvKeysKeepTheirSlashesButEverythingElseIsEscaped() {
        assertThat(UrlEncoding.key("graylane/config v2?&#")).isEqualTo("graylane/config%20v2%3F%26%23");
        assertThat(UrlEncoding.key("é")).isEqualTo("%C3%A9");
    }

    @Test
    void pathSegmentsAndQueryValuesEscapeSlashesAndSpaces() {
        assertThat(UrlEncoding.segment("a/b")).isEqualTo("a%2Fb");
        assertThat(UrlEncoding.query("Service.Meta.version == \"v2\""))
                .isEqualTo("Service.Meta.version%20%3D%3D%20%22v2%22");
    }

    @Test
    void errorBodiesBecomeOneTrimmedCappedLine() {
        assertThat(ErrorBodies.summarize("  Permission denied:\n token lacks\tkey:read \n".getBytes()))
                .isEqualTo("Permission denied: token lacks key:read");
        String huge = "x".repeat(5000);
        assertThat(ErrorBodies.summarize(huge.getBytes())).hasSize(ErrorBodies.MAX_CHARS + 1).endsWith("…");
        assertThat(ErrorBodies.summarize(new byte[0])).isEmpty();
    }
}
