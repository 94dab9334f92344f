package io.graylane.testkit.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class DebugFieldsTest {

    @Test
    void readsEveryFieldOfTheGatewaysDebugHeader() {
        assertThat(DebugFields.parse("lane=canary; source=trusted_header; served=stable; "
                + "fallback=\"canary: no instances\"; instance=orders-v1"))
                .containsExactly(entry("lane", "canary"), entry("source", "trusted_header"), entry("served", "stable"),
                        entry("fallback", "canary: no instances"), entry("instance", "orders-v1"));
    }

    @Test
    void aQuotedValueMayHoldSemicolonsAndSeveralSteps() {
        assertThat(DebugFields.parse("lane=vip; fallback=\"vip: no instances; odd, canary: no healthy instances\"; outcome=rejected"))
                .containsEntry("fallback", "vip: no instances; odd, canary: no healthy instances")
                .containsEntry("outcome", "rejected");
    }

    @Test
    void noHeaderMeansNoFields() {
        assertThat(DebugFields.parse(null)).isEmpty();
        assertThat(DebugFields.parse("garbage")).isEmpty();
    }
}
