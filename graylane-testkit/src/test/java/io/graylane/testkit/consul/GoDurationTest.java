package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
            "0, 0",
            "100ms, 100000000",
            "10s, 10000000000",
            "5m, 300000000000",
            "1h, 3600000000000",
            "1m30s, 90000000000",
            "1h2m3s4ms, 3723004000000",
            "1.5s, 1500000000",
            ".5s, 500000000",
            "250us, 250000",
            "250\u00b5s, 250000",
            "7ns, 7",
            "-2s, -2000000000",
            "+3ms, 3000000",
    })
    void parsesGoDurations(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "1x", "1.s.", "ms10", "1m30", "-", "10 s", "3000000h"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("time: invalid duration \"" + text + "\"");
    }
}
