package io.graylane.library.servlet;

import org.junit.jupiter.api.Test;

import io.graylane.core.net.Cidr;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-place cookie scan and IPv4 parse answer exactly as the splitting versions they replace. */
class ServletExchangeParsingTest {

    /** The former SimpleExchange-style reading: split, trim, unquote. */
    private static String bySplit(String header, String name) {
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    @Test
    void findsTheSameValueAsSplittingForEveryShapeOfHeader() {
        List<String> headers = List.of("", ";", "a=1", "a=1; b=2", " a = 1 ;b=\"two\" ", "b=; a=x=y", "=1; a=2",
                "session=abc; group=beta; tenant=acme", "a", "a;b=1", "x=1;;a=\"\";", "ab=1; a=2", "a=\"", "  ; a=3");
        List<String> names = List.of("a", "b", "group", "tenant", "session", "ab", "x", "missing", "");
        for (String header : headers) {
            for (String name : names) {
                assertThat(ServletExchange.cookieIn(header, name)).as("cookie %s in [%s]", name, header)
                        .isEqualTo(bySplit(header, name));
            }
        }
        assertThat(ServletExchange.cookieIn("session=abc; group=beta", "group")).isEqualTo("beta");
    }

    @Test
    void parsesThePeerAsCidrDoes() {
        List<String> peers = List.of("127.0.0.1", "10.0.0.255", "255.255.255.255", "0.0.0.0", "010.1.2.3", "256.1.1.1",
                "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4a", "1234.1.1.1", "", "a.b.c.d", "[10.1.2.3]",
                "::1", "[::1]", "2001:db8::7", "fe80::1%eth0", "localhost");
        for (String peer : peers) {
            String literal = peer.startsWith("[") && peer.endsWith("]") ? peer.substring(1, peer.length() - 1) : peer;
            assertThat(ServletExchange.peer(peer)).as("peer %s", peer).isEqualTo(Cidr.parseLiteral(literal));
        }
        assertThat(ServletExchange.peer("10.1.2.3")).containsExactly(10, 1, 2, 3);
    }
}
