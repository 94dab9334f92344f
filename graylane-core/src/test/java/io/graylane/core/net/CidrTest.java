package io.graylane.core.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource({
            "10.0.0.0/8, 10.1.2.3, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.1.0/24, 192.168.1.255, true",
            "192.168.1.0/25, 192.168.1.128, false",
            "192.168.1.7, 192.168.1.7, true",
            "192.168.1.7, 192.168.1.8, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "10.0.0.0/8, ::ffff:10.9.9.9, true",
            "10.0.0.0/8, ::1, false",
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "::1/128, ::1, true",
            "2001:db8::/33, 2001:db8:7fff::1, true",
            "2001:db8::/33, 2001:db8:8000::1, false",
            "::/0, 10.0.0.1, false"})
    void containsFollowsThePrefix(String cidr, String address, boolean expected) throws Exception {
        assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0/8", "example.com", "10.0.0.0/", "10.0.0.0/-1", "::1/129",
            "256.0.0.1", "fe80::1%eth0", "10.0.0.0/8x", ""})
    void malformedNetworksAreRejectedWithTheValue(String value) {
        assertThatThrownBy(() -> Cidr.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cidr: " + value);
    }

    @Test
    void hostBitsAreMaskedSoEqualNetworksCompareEqual() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("10.1.2.3/8").toString()).isEqualTo("10.1.2.3/8");
    }
}
