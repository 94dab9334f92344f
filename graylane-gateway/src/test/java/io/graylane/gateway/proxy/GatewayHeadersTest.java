package io.graylane.gateway.proxy;

import io.graylane.core.config.TrustSettings.SigningKey;
import io.graylane.core.trust.LaneSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Lane trust and propagation, {@code X-Forwarded-*} and hop-by-hop headers, as the upstream and the client see them. */
class GatewayHeadersTest {

    private static final String CANARY_BY_GROUP =
            "[{name: beta-users, lane: canary, when: {header: {name: X-User-Group, equals: beta}}}]";

    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static RawHttp.Response send(String path, String... headerLines) {
        return RawHttp.exchange(fx.port(), RawHttp.get(path, headerLines));
    }

    @Test
    void untrustedLaneHeaderIsStrippedAndTheUpstreamNeverSeesIt() {
        fx.use(CANARY_BY_GROUP);

        RawHttp.Response response = send("/web/x", "X-Graylane-Lane: canary", "X-Graylane-Lane: canary");

        RawHttp.Echo echo = response.echo();
        assertThat(echo.instance()).isEqualTo("web-v1");
        assertThat(echo.headerValues("X-Graylane-Lane")).containsExactly("stable");
        assertThat(response.header("X-Graylane-Debug")).startsWith("lane=stable; source=default;");
    }

    @Test
    void untrustedLaneInBaggageIsReplacedAndOtherMembersStay() {
        fx.use(CANARY_BY_GROUP);

        RawHttp.Response response = send("/web/x", "baggage: userId=alice,graylane.lane=canary;p=1");

        RawHttp.Echo echo = response.echo();
        assertThat(echo.instance()).isEqualTo("web-v1");
        assertThat(echo.headerValues("baggage")).containsExactly("userId=alice,graylane.lane=stable");
    }

    @Test
    void signedLaneIsKeptFromAnUntrustedPeerAndForwardedVerbatim() {
        fx.use(CANARY_BY_GROUP);
        String signed = LaneSignature.sign("canary", new SigningKey("k1", GatewayFixture.SECRET),
                Instant.now().plus(Duration.ofHours(1)));

        RawHttp.Response response = send("/web/x", "X-Graylane-Lane: " + signed);

        RawHttp.Echo echo = response.echo();
        assertThat(echo.instance()).isEqualTo("web-v2");
        assertThat(echo.headerValues("X-Graylane-Lane")).containsExactly(signed);
        assertThat(response.header("X-Graylane-Debug")).startsWith("lane=canary; source=signed; served=canary");
    }

    @Test
    void forgedSignatureIsStripped() {
        fx.use(CANARY_BY_GROUP);
        String signed = LaneSignature.sign("canary", new SigningKey("k1", "another-secret-of-32-bytes-long!"),
                Instant.now().plus(Duration.ofHours(1)));

        RawHttp.Response response = send("/web/x", "X-Graylane-Lane: " + signed);

        assertThat(response.echo().instance()).isEqualTo("web-v1");
        assertThat(response.echo().headerValues("X-Graylane-Lane")).containsExactly("stable");
    }

    @Test
    void laneFromATrustedPeerIsKeptFromTheHeaderOrFromBaggage() {
        fx.use(CANARY_BY_GROUP, "[127.0.0.1/32]");

        RawHttp.Response byHeader = send("/web/x", "X-Graylane-Lane: canary");
        RawHttp.Response byBaggage = send("/web/x", "baggage: graylane.lane=canary");

        assertThat(byHeader.echo().instance()).isEqualTo("web-v2");
        assertThat(byHeader.header("X-Graylane-Debug")).startsWith("lane=canary; source=trusted_header;");
        assertThat(byBaggage.echo().instance()).isEqualTo("web-v2");
        assertThat(byBaggage.header("X-Graylane-Debug")).startsWith("lane=canary; source=trusted_baggage;");
        assertThat(byBaggage.echo().header("X-Graylane-Lane")).isEqualTo("canary");
    }

    @Test
    void coloredLaneTravelsDownstreamInTheLaneHeaderAndInBaggage() {
        fx.use(CANARY_BY_GROUP);

        RawHttp.Echo without = send("/web/x", "X-User-Group: beta").echo();
        RawHttp.Echo with = send("/web/x", "X-User-Group: beta", "baggage: userId=alice, tenant=t1").echo();

        assertThat(without.header("X-Graylane-Lane")).isEqualTo("canary");
        assertThat(without.headerValues("baggage")).containsExactly("graylane.lane=canary");
        assertThat(with.headerValues("baggage")).containsExactly("userId=alice,tenant=t1,graylane.lane=canary");
    }

    @Test
    void forwardedForIsAppendedAndForwardedProtoAndHostAreSet() {
        fx.use("[]");

        RawHttp.Echo first = send("/web/x").echo();
        RawHttp.Echo appended = send("/web/x", "X-Forwarded-For: 203.0.113.9", "X-Forwarded-For: 198.51.100.2",
                "X-Forwarded-Host: evil.example", "X-Forwarded-Proto: https").echo();

        assertThat(first.headerValues("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(first.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(first.header("X-Forwarded-Host")).isEqualTo("test");
        assertThat(appended.headerValues("X-Forwarded-For")).containsExactly("203.0.113.9, 198.51.100.2, 127.0.0.1");
        assertThat(appended.headerValues("X-Forwarded-Host")).containsExactly("test");
        assertThat(appended.headerValues("X-Forwarded-Proto")).containsExactly("http");
    }

    @Test
    void hopByHopRequestHeadersAndTheOnesConnectionNamesAreNotForwarded() {
        fx.use("[]");

        RawHttp.Echo echo = send("/web/x",
                "Connection: keep-alive, X-Private",
                "Connection: X-Also-Private",
                "X-Private: secret",
                "X-Also-Private: secret",
                "Keep-Alive: timeout=5",
                "Proxy-Connection: keep-alive",
                "TE: trailers",
                "Trailer: X-Checksum",
                "Upgrade: websocket",
                "X-Public: visible").echo();

        assertThat(echo.headers()).doesNotContainKeys("connection", "x-private", "x-also-private", "keep-alive",
                "proxy-connection", "te", "trailer", "upgrade");
        assertThat(echo.header("X-Public")).isEqualTo("visible");
    }

    @Test
    void hopByHopResponseHeadersAreNotRelayed() {
        fx.use("[]");

        RawHttp.Response response = send("/web/hop");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).doesNotContainKeys("x-upstream-private", "keep-alive", "upgrade", "trailer",
                "proxy-connection");
        assertThat(response.header("Connection")).isNull();
        assertThat(response.header("X-Upstream-Public")).isEqualTo("visible");
    }

    @Test
    void connectionHeaderCannotStripTheBodyFraming() {
        fx.use("[]");

        RawHttp.Response response = RawHttp.exchange(fx.port(), "POST /web/x HTTP/1.1\r\nHost: test\r\n"
                + "Connection: Content-Length, Host\r\nContent-Length: 5\r\n\r\nhello");

        RawHttp.Echo echo = response.echo();
        assertThat(echo.bodyLength()).isEqualTo(5);
        assertThat(echo.header("Host")).isEqualTo("test");
    }

    @Test
    void http10RequestWithoutHostIsForwardedAsHttp11WithTheInstanceAuthority() {
        fx.use("[]");

        RawHttp.Response response = RawHttp.exchange(fx.port(), "GET /web/x HTTP/1.0\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.echo().header("Host")).isEqualTo("127.0.0.1:" + fx.webV1.port());
        assertThat(response.header("Connection")).isEqualTo("close");
    }

    @Test
    void absoluteFormTargetMatchingHostIsForwardedInOriginForm() {
        fx.use("[]");

        RawHttp.Response response = RawHttp.exchange(fx.port(),
                "GET http://test/web/x?q=1 HTTP/1.1\r\nHost: test\r\n\r\n");

        assertThat(response.echo().uri()).isEqualTo("/web/x?q=1");
    }
}
