package io.graylane.core.rule;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapRequestViewTest {

    @Test
    void headerLookupsIgnoreCaseAndNamesAreStoredLowerCase() {
        MapRequestView view = new MapRequestView("get", "/", Map.of("X-User-Group", "beta"), Map.of(), Map.of(), null);
        assertThat(view.header("x-user-group")).isEqualTo("beta");
        assertThat(view.header("X-USER-GROUP")).isEqualTo("beta");
        assertThat(view.header("X-Other")).isNull();
        assertThat(view.lowerCaseHeader("x-user-group")).isEqualTo("beta");
        assertThat(view.headers()).containsOnlyKeys("x-user-group");
        assertThat(view.method()).isEqualTo("GET");
    }

    @Test
    void headerNamesThatDifferOnlyInCaseAreRejected() {
        assertThatThrownBy(() -> new MapRequestView("GET", "/", Map.of("X-A", "1", "x-a", "2"), Map.of(), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("headers: ")
                .hasMessageEndingWith(" (expected: each header name once, ignoring case)");
    }

    @Test
    void theBuilderReplacesAHeaderSetAgainInAnotherCase() {
        MapRequestView view = MapRequestView.builder().header("X-A", "1").header("x-a", "2").build();
        assertThat(view.headers()).containsExactly(Map.entry("x-a", "2"));
    }

    @Test
    void cookiesQueryAndClientAddressAreKeptAsGiven() {
        MapRequestView view = MapRequestView.builder().cookie("uid", "7").query("q", "a b").clientAddress("2001:db8::1").build();
        assertThat(view.cookie("uid")).isEqualTo("7");
        assertThat(view.cookie("UID")).isNull();
        assertThat(view.query("q")).isEqualTo("a b");
        assertThat(view.clientAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(view.clientAddressBytes()).hasSize(16);
        assertThat(MapRequestView.builder().build().clientAddressBytes()).isNull();
    }

    @Test
    void aClientAddressMustBeAnIpLiteral() {
        assertThatThrownBy(() -> MapRequestView.builder().clientAddress("example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientAddress: example.com (expected: an IPv4 or IPv6 address)");
    }
}
