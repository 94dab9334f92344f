package io.graylane.library.context;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings("try")
class LaneContextTest {

    @Test
    void scopesNestAndEachCloseRestoresTheOuterLane() {
        assertThat(GraylaneLane.current()).isEmpty();
        try (LaneScope outer = LaneContext.attach("stable")) {
            try (LaneScope inner = LaneContext.attach("canary")) {
                assertThat(GraylaneLane.current()).contains("canary");
                assertThat(GraylaneLane.is("canary")).isTrue();
            }
            assertThat(GraylaneLane.current()).contains("stable");
            outer.close();
            assertThat(GraylaneLane.current()).isEmpty();
        }
        assertThat(GraylaneLane.current()).as("closing twice does nothing").isEmpty();
    }

    @Test
    void anInvalidLaneNameIsRefusedWithTheRule() {
        assertThatThrownBy(() -> LaneContext.attach("can ary"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lane: \"can ary\" (expected: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit)");
    }

    @Test
    void aSignedCarrierMustCarryTheSameLane() {
        assertThat(new LaneState("canary", "canary;kid=k1;exp=1;sig=x", null, null).isSigned()).isTrue();
        assertThatThrownBy(() -> new LaneState("canary", "stable;kid=k1", null, null))
                .hasMessage("carriedValue: \"stable;kid=k1\" (expected: the lane \"canary\" or a signed value of it)");
    }

    @Test
    void anAttachedLaneIsAlsoInOpenTelemetryBaggage() {
        assertThat(LaneContext.bridgesOpenTelemetry()).isTrue();
        try (LaneScope ignored = LaneContext.attach("canary")) {
            assertThat(Baggage.current().getEntryValue("graylane.lane")).isEqualTo("canary");
        }
        assertThat(Baggage.current().getEntryValue("graylane.lane")).isNull();
    }

    @Test
    void aLaneArrivingOnlyInOpenTelemetryBaggageIsTheCurrentLane() {
        try (Scope ignored = Baggage.builder().put("graylane.lane", "canary").build().makeCurrent()) {
            assertThat(GraylaneLane.current()).contains("canary");
        }
        try (Scope ignored = Baggage.builder().put("graylane.lane", "not a lane!").build().makeCurrent()) {
            assertThat(GraylaneLane.current()).isEmpty();
        }
    }

    @Test
    void laneStateAcceptsExactlyTheLaneNamesLaneDoes() {
        java.util.List<String> names = java.util.List.of("canary", "v2.1_beta-x", "A", "9lane", "", "-x", ".x", "_x", "a b",
                "a;b", "ä", "x".repeat(63), "x".repeat(64), "a/b", "canary\n");
        for (String name : names) {
            boolean accepted;
            try {
                LaneState.of(name);
                accepted = true;
            } catch (IllegalArgumentException e) {
                accepted = false;
            }
            assertThat(accepted).as("lane name [%s]", name).isEqualTo(io.graylane.core.model.Lane.isValidName(name));
        }
    }
}
