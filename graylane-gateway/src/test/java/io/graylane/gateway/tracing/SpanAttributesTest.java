package io.graylane.gateway.tracing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SpanAttributesTest {

    @ParameterizedTest
    @CsvSource({
            "example.com, example.com",
            "example.com:8080, example.com",
            "[::1]:8080, ::1",
            "[::1], ::1",
            "::1, ::1",
            "127.0.0.1:80, 127.0.0.1",
    })
    void serverAddressIsTheHostWithoutThePort(String host, String address) {
        assertThat(SpanAttributes.hostOnly(host)).isEqualTo(address);
    }
}
