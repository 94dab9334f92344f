package io.graylane.gateway.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and malformed requests sent as raw bytes: each is answered (400, or 431/414/501/405 where
 * those say more) with a reason, the connection is closed, and the upstream never sees a thing. The
 * first rows are the smuggling shapes Netty 4.2.18's codec rejects (4.2.9 accepted them with 200);
 * the rest are what the codec lets through and the gateway rejects itself.
 */
class HostileRequestTest {

    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static Stream<Arguments> hostile() {
        String big = "x".repeat(17 * 1024);
        return Stream.of(
                // Rejected by the codec.
                Arguments.of("Content-Length with Transfer-Encoding",
                        "POST /web/h HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400, "bad request: "),
                Arguments.of("Transfer-Encoding chunked, identity",
                        "POST /web/h HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
                        400, "bad request: chunked must be the last encoding"),
                Arguments.of("duplicate Transfer-Encoding",
                        "POST /web/h HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400, "bad request: chunked transfer coding must not be applied more than once"),
                Arguments.of("duplicate Content-Length with different values",
                        "POST /web/h HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                        400, "bad request: multiple Content-Length values found"),
                Arguments.of("duplicate Content-Length with equal values",
                        "POST /web/h HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
                        400, "bad request: multiple Content-Length values found"),
                Arguments.of("Transfer-Encoding on HTTP/1.0",
                        "POST /web/h HTTP/1.0\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400, "bad request: "),
                Arguments.of("bare LF line ends",
                        "GET /web/h HTTP/1.1\nHost: test\n\n", 400, "bad request: "),
                Arguments.of("space before the colon",
                        "GET /web/h HTTP/1.1\r\nHost : test\r\n\r\n", 400, "bad request: "),
                Arguments.of("oversized header block",
                        "GET /web/h HTTP/1.1\r\nHost: test\r\nX-Big: " + big + "\r\n\r\n",
                        431, "request header fields too large (at most 16384 bytes)"),
                Arguments.of("oversized request line",
                        "GET /web/" + big + " HTTP/1.1\r\nHost: test\r\n\r\n",
                        414, "request line too long (at most 8192 bytes)"),
                // Let through by the codec, rejected by the gateway.
                Arguments.of("missing Host",
                        "GET /web/h HTTP/1.1\r\nX-A: b\r\n\r\n", 400, "bad request: no Host header"),
                Arguments.of("duplicate Host",
                        "GET /web/h HTTP/1.1\r\nHost: test\r\nHost: other\r\n\r\n",
                        400, "bad request: more than one Host header"),
                Arguments.of("duplicate Host in another case",
                        "GET /web/h HTTP/1.1\r\nHost: test\r\nhOST: test\r\n\r\n",
                        400, "bad request: more than one Host header"),
                Arguments.of("obsolete line folding with a space",
                        "GET /web/h HTTP/1.1\r\nHost: test\r\nX-A: one\r\n two\r\n\r\n",
                        400, "bad request: obsolete line folding"),
                Arguments.of("obsolete line folding with a tab",
                        "GET /web/h HTTP/1.1\r\nHost: test\r\nX-Graylane-Lane: stable\r\n\tcanary\r\n\r\n",
                        400, "bad request: obsolete line folding"),
                Arguments.of("folding that would hide a Host line",
                        "GET /web/h HTTP/1.1\r\nX-A: b\r\n Host: test\r\nHost: test\r\n\r\n",
                        400, "bad request: obsolete line folding"),
                Arguments.of("codings before chunked",
                        "POST /web/h HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                        501, "unsupported Transfer-Encoding (expected: chunked)"),
                Arguments.of("invalid Host value",
                        "GET /web/h HTTP/1.1\r\nHost: user@test\r\n\r\n", 400, "bad request: invalid Host header"),
                Arguments.of("absolute-form target for another host",
                        "GET http://internal/web/h HTTP/1.1\r\nHost: test\r\n\r\n",
                        400, "bad request: the request target's host does not match the Host header"),
                Arguments.of("dot-segment in the path",
                        "GET /web/../admin HTTP/1.1\r\nHost: test\r\n\r\n",
                        400, "bad request: dot-segment"),
                Arguments.of("encoded dot-segment in the path",
                        "GET /web/%2e%2E/admin HTTP/1.1\r\nHost: test\r\n\r\n",
                        400, "bad request: dot-segment"),
                Arguments.of("control character in the target",
                        "GET /web/h\u0001x HTTP/1.1\r\nHost: test\r\n\r\n",
                        400, "bad request: invalid character in the request target"),
                Arguments.of("asterisk-form target",
                        "OPTIONS * HTTP/1.1\r\nHost: test\r\n\r\n",
                        400, "bad request: request target must be a path starting with '/'"),
                Arguments.of("CONNECT",
                        "CONNECT test:443 HTTP/1.1\r\nHost: test:443\r\n\r\n", 405, "CONNECT is not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileRequestIsAnsweredAndNeverForwarded(String name, String request, int status, String reason) {
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send(request);
            RawHttp.Response response = http.read();

            assertThat(response.status()).as(response.text()).isEqualTo(status);
            assertThat(response.header("Content-Type")).startsWith("text/plain");
            assertThat(response.text()).startsWithIgnoringCase(reason);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @AfterEach
    void upstreamSawNothing() {
        assertThat(fx.webV1.seen()).isEmpty();
        assertThat(fx.webV2.seen()).isEmpty();
        assertThat(fx.webV1.connections()).isZero();
    }
}
