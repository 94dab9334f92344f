package io.graylane.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The lane-name check, without a regex, agrees with the rule written as one. */
class LaneNameTest {

    /** The rule, as docs/config.md states it. */
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private static boolean rule(String name) {
        return RULE.matcher(name).matches();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"canary", "stable", "beta-vip", "feature_x.2", "A", "9", "-a", ".a", "_a", "a b", "a/b",
            "café", "", "a;b", "a\u0000", "ａ"})
    void theRegionCheckAgreesWithTheLaneNameRule(String name) {
        assertThat(Lane.isValidName(name, 0, name.length())).isEqualTo(rule(name));
        assertThat(Lane.isValidName(name)).isEqualTo(rule(name));
    }

    @Test
    void theRegionCheckAgreesWithTheRuleOnRandomNamesAndLengthLimits() {
        Random random = new Random(42);
        String alphabet = "aZ09._-;/ é";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(70);
            for (int c = 0; c < length; c++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String name = sb.toString();
            assertThat(Lane.isValidName(name, 0, name.length())).as(name).isEqualTo(rule(name));
        }
        assertThat(Lane.isValidName("a".repeat(63), 0, 63)).isTrue();
        assertThat(Lane.isValidName("a".repeat(64), 0, 64)).isFalse();
        assertThat(Lane.isValidName("xcanary;", 1, 7)).isTrue();
        assertThat(Lane.isValidName(null)).isFalse();
    }
}
