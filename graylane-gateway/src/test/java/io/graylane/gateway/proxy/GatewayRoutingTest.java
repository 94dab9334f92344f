package io.graylane.gateway.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** End to end over real sockets: each coloring rule type, fallback, strict lanes and unroutable requests. */
class GatewayRoutingTest {

    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static RawHttp.Response send(String request) {
        return RawHttp.exchange(fx.port(), request.replace("\n", "\r\n"));
    }

    static Stream<Arguments> ruleCases() {
        String header = "{header: {name: X-User-Group, equals: beta}}";
        String cookie = "{cookie: {name: canary, equals: '1'}}";
        String query = "{query: {name: lane, equals: canary}}";
        String sticky = "{sticky: {key: 'header:X-User-ID', percent: 100}}";
        return Stream.of(
                Arguments.of("header matches", header, get("/web/x", "X-User-Group: beta"), "web-v2"),
                Arguments.of("header differs", header, get("/web/x", "X-User-Group: alpha"), "web-v1"),
                Arguments.of("cookie matches", cookie, get("/web/x", "Cookie: a=b; canary=1; c=d"), "web-v2"),
                Arguments.of("cookie quoted", cookie, get("/web/x", "Cookie: canary=\"1\""), "web-v2"),
                Arguments.of("cookie on a second line", cookie, get("/web/x", "Cookie: a=b", "Cookie: canary=1"), "web-v2"),
                Arguments.of("cookie absent", cookie, get("/web/x", "Cookie: a=b; xcanary=1"), "web-v1"),
                Arguments.of("query matches", query, get("/web/x?a=1&lane=canary"), "web-v2"),
                Arguments.of("query percent-encoded", query, get("/web/x?la%6Ee=can%61ry"), "web-v2"),
                Arguments.of("query absent", query, get("/web/x?lanes=canary"), "web-v1"),
                Arguments.of("path matches", "{path: {prefix: /web/new}}", get("/web/new/page"), "web-v2"),
                Arguments.of("path differs", "{path: {prefix: /web/new}}", get("/web/old/page"), "web-v1"),
                Arguments.of("method matches", "{method: [POST]}",
                        "POST /web/x HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n", "web-v2"),
                Arguments.of("method differs", "{method: [POST]}", get("/web/x"), "web-v1"),
                Arguments.of("client in CIDR", "{clientCidr: 127.0.0.1/32}", get("/web/x"), "web-v2"),
                Arguments.of("client outside CIDR", "{clientCidr: 10.0.0.0/8}", get("/web/x"), "web-v1"),
                Arguments.of("sticky 100 % with key", sticky, get("/web/x", "X-User-ID: alice"), "web-v2"),
                Arguments.of("sticky 100 % without key", sticky, get("/web/x"), "web-v1"),
                Arguments.of("sticky 0 % with key", "{sticky: {key: 'header:X-User-ID', percent: 0}}",
                        get("/web/x", "X-User-ID: alice"), "web-v1"),
                Arguments.of("sticky by cookie", "{sticky: {key: 'cookie:uid', percent: 100}}",
                        get("/web/x", "Cookie: uid=42"), "web-v2"),
                Arguments.of("random 100 %", "{random: {percent: 100}}", get("/web/x"), "web-v2"),
                Arguments.of("random 0 %", "{random: {percent: 0}}", get("/web/x"), "web-v1"));
    }

    private static String get(String path, String... headerLines) {
        return RawHttp.get(path, headerLines);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleCases")
    void eachColoringRuleTypeRoutesToTheRightVersion(String name, String condition, String request, String instance) {
        fx.use("[{name: r, lane: canary, when: " + condition + "}]");

        RawHttp.Response response = RawHttp.exchange(fx.port(), request);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.echo().instance()).isEqualTo(instance);
        String lane = instance.equals("web-v2") ? "canary" : "stable";
        assertThat(response.echo().header("X-Graylane-Lane")).isEqualTo(lane);
    }

    @Test
    void debugHeaderSaysLaneSourceRuleServedLaneAndInstance() {
        fx.use("[{name: beta-users, lane: canary, when: {header: {name: X-User-Group, equals: beta}}}]");

        RawHttp.Response response = send("GET /web/x HTTP/1.1\nHost: test\nX-User-Group: beta\n\n");

        assertThat(response.header("X-Graylane-Debug"))
                .isEqualTo("lane=canary; source=rule; rule=beta-users; served=canary; instance=web-v2");
    }

    @Test
    void canaryRequestFallsBackToStableWhenTheServiceHasNoCanary() {
        fx.use("[{name: all, lane: canary, when: {random: {percent: 100}}}]");

        RawHttp.Response response = send("GET /api/orders HTTP/1.1\nHost: test\n\n");

        assertThat(response.echo().instance()).isEqualTo("api-v1");
        // The lane stays on the request so the next hop can still route to its own canary.
        assertThat(response.echo().header("X-Graylane-Lane")).isEqualTo("canary");
        assertThat(response.header("X-Graylane-Debug"))
                .isEqualTo("lane=canary; source=rule; rule=all; served=stable; fallback=\"canary: no instances\"; instance=api-v1");
    }

    @Test
    void betaRequestFallsBackToStableWhenTheBetaInstanceIsUnhealthy() {
        fx.use("[{name: all, lane: beta, when: {random: {percent: 100}}}]");

        RawHttp.Response response = send("GET /web/x HTTP/1.1\nHost: test\n\n");

        assertThat(response.echo().instance()).isEqualTo("web-v1");
        assertThat(response.header("X-Graylane-Debug")).contains("fallback=\"beta: none healthy\"");
    }

    @Test
    void strictLaneWithoutInstancesIsAnswered503WithTheReason() {
        fx.use("[{name: vips, lane: vip, when: {random: {percent: 100}}}]");

        RawHttp.Response response = send("GET /web/x HTTP/1.1\nHost: test\n\n");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        assertThat(response.text()).startsWith("lane 'vip' is strict and cannot serve service 'web'");
        assertThat(response.header("X-Graylane-Debug")).startsWith("lane=vip; source=rule; rule=vips; outcome=rejected");
        assertThat(fx.webV1.seen()).noneMatch(line -> line.contains("vip"));
    }

    @Test
    void requestWithoutRouteIsAnswered404WithAShortReason() {
        fx.use("[]");

        RawHttp.Response response = send("GET /nowhere HTTP/1.1\nHost: test\n\n");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text()).isEqualTo("no route for host 'test' and path '/nowhere'\n");
        assertThat(response.header("X-Graylane-Debug")).isEqualTo("lane=stable; source=default; outcome=no-route");
    }

    @Test
    void routePrefixIsStrippedWhenTheRouteSaysSo() {
        fx.use("[]");

        RawHttp.Response stripped = send("GET /api/orders/7?x=1 HTTP/1.1\nHost: test\n\n");
        RawHttp.Response bare = send("GET /api HTTP/1.1\nHost: test\n\n");
        RawHttp.Response kept = send("GET /web/orders/7?x=1 HTTP/1.1\nHost: test\n\n");

        assertThat(stripped.echo().uri()).isEqualTo("/orders/7?x=1");
        assertThat(bare.echo().uri()).isEqualTo("/");
        assertThat(kept.echo().uri()).isEqualTo("/web/orders/7?x=1");
    }

    @Test
    void unknownLaneFromATrustedHopResolvesLikeTheDefaultLaneAndTravelsOn() {
        fx.use("[]", "[127.0.0.1/32]");

        RawHttp.Response response = send("GET /web/x HTTP/1.1\nHost: test\nX-Graylane-Lane: feature-x\n\n");

        assertThat(response.echo().instance()).isEqualTo("web-v1");
        assertThat(response.echo().header("X-Graylane-Lane")).isEqualTo("feature-x");
        assertThat(response.header("X-Graylane-Debug")).startsWith("lane=feature-x; source=trusted_header; served=stable");
    }
}
