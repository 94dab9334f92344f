package io.graylane.core.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelValidationTest {

    @Test
    void instanceRejectsBadPortAndWeightWithExpectedRanges() {
        assertThatThrownBy(() -> new Instance("s", "i", "h", 0, Health.PASSING, 1, "", Map.of()))
                .hasMessage("port: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> new Instance("s", "i", "h", 80, Health.PASSING, -1, "", Map.of()))
                .hasMessage("weight: -1 (expected: >= 0)");
    }

    @Test
    void ipv6InstancesHaveABracketedAuthority() {
        assertThat(new Instance("s", "i", "::1", 80, Health.PASSING, 1, "", Map.of()).authority())
                .isEqualTo("[::1]:80");
    }

    @Test
    void laneNamesAreChecked() {
        assertThat(Lane.isValidName("beta-vip")).isTrue();
        assertThat(Lane.isValidName("beta vip")).isFalse();
        assertThat(Lane.isValidName("")).isFalse();
        assertThatThrownBy(() -> new Lane("canary", Map.of(), "canary", false))
                .hasMessage("fallback: canary (expected: another lane than itself)");
    }

    @Test
    void laneSelectorNeedsEveryPair() {
        Lane lane = new Lane("canary", Map.of("version", "v2", "zone", "a"), "stable", false);
        Instance both = new Instance("s", "1", "h", 80, Health.PASSING, 1, "", Map.of("version", "v2", "zone", "a"));
        Instance one = new Instance("s", "2", "h", 80, Health.PASSING, 1, "", Map.of("version", "v2"));

        assertThat(lane.selects(both)).isTrue();
        assertThat(lane.selects(one)).isFalse();
        assertThat(Lane.baseline("stable").selects(one)).isTrue();
    }

    @Test
    void healthParsesConsulWords() {
        assertThat(Health.parse("Passing")).isEqualTo(Health.PASSING);
        assertThatThrownBy(() -> Health.parse("ok"))
                .hasMessage("health: ok (expected: passing, warning, critical or maintenance)");
    }

    @Test
    void routeChecksItsArguments() {
        assertThatThrownBy(() -> new Route(null, null, "orders", "orders", false))
                .hasMessage("pathPrefix: orders (expected: a path starting with '/')");
        assertThatThrownBy(() -> new Route(null, null, null, "orders", true))
                .hasMessage("stripPrefix: true (expected: only together with pathPrefix)");
    }
}
