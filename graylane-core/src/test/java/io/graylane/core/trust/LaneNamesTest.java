package io.graylane.core.trust;

import io.graylane.core.model.Lane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LaneNamesTest {

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"canary", "stable", "beta-vip", "feature_x.2", "A", "9", "-a", ".a", "_a", "a b", "a/b",
            "café", "", "a;b", "a\u0000", "ａ"})
    void theRegionCheckAgreesWithTheModelsLaneNameRule(String name) {
        assertThat(LaneNames.isValid(name, 0, name.length())).isEqualTo(Lane.isValidName(name));
    }

    @Test
    void theRegionCheckAgreesWithTheModelOnRandomNamesAndLengthLimits() {
        Random random = new Random(42);
        String alphabet = "aZ09._-;/ é";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(70);
            for (int c = 0; c < length; c++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String name = sb.toString();
            assertThat(LaneNames.isValid(name, 0, name.length())).as(name).isEqualTo(Lane.isValidName(name));
        }
        assertThat(LaneNames.isValid("a".repeat(63), 0, 63)).isTrue();
        assertThat(LaneNames.isValid("a".repeat(64), 0, 64)).isFalse();
        assertThat(LaneNames.isValid("xcanary;", 1, 7)).isTrue();
    }
}
