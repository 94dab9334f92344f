package io.graylane.gateway.proxy;

import io.graylane.core.GraylaneException;
import io.graylane.gateway.middleware.BuiltinMiddleware;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The configured middleware chain inside the gateway, end to end over real sockets. */
class GatewayChainTest {

    private static final BuiltinMiddleware builtins = new BuiltinMiddleware();
    private static final TestMiddleware.Probes probes = new TestMiddleware.Probes();
    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture(b -> b.debugHeader(false).middlewareRegistry(builtins.registry()
                .with(TestMiddleware.trace()).with(TestMiddleware.thrower()).with(TestMiddleware.deny())
                .with(TestMiddleware.later()).with(TestMiddleware.lane()).with(TestMiddleware.facts())
                .with(TestMiddleware.hop())
                .with(probes)));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static RawHttp.Response get(String path, String... headers) {
        return RawHttp.exchange(fx.port(), RawHttp.get(path, headers));
    }

    @Test
    void middlewareThatThrowsIsAnswered500ByRecoverAndTheNextRequestIsStillServed() {
        fx.useChain("[]", "[{id: safety, type: recover}, {id: broken, type: throw}]");
        long before = builtins.recover().recovered().get("safety");

        RawHttp.Response failed = get("/web/x");
        fx.useChain("[]", "[{id: safety, type: recover}]");
        RawHttp.Response next = get("/web/y");

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.text()).isEqualTo("internal error in middleware 'broken'\n");
        assertThat(builtins.recover().recovered().get("safety")).isEqualTo(before + 1);
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.echo().uri()).isEqualTo("/web/y");
    }

    @Test
    void middlewareThatThrowsWithoutRecoverIsStillAnswered500AndTheConnectionStaysUsable() {
        fx.useChain("[]", "[{id: broken, type: throw}]");
        try (RawHttp http = new RawHttp(fx.port())) {
            http.send(RawHttp.get("/web/x"));
            RawHttp.Response failed = http.read();
            fx.useChain("[]", "[{id: t, type: trace, config: {name: a}}]");
            http.send(RawHttp.get("/web/y"));
            RawHttp.Response next = http.read();

            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.text()).isEqualTo("internal error in middleware 'broken'\n");
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    void middlewareRunInConfiguredOrderOnTheWayInAndInReverseOnTheWayOut() {
        fx.useChain("[]", "[{id: a, type: trace, config: {name: a}}, {id: b, type: trace, config: {name: b}},"
                + " {id: c, type: trace, config: {name: c}}]");

        RawHttp.Response response = get("/web/order");

        assertThat(fx.gateway.chainIds()).containsExactly("a", "b", "c");
        assertThat(response.echo().headerValues("X-Trace")).containsExactly("a", "b", "c");
        assertThat(response.headers().get("x-trace-out")).containsExactly("c", "b", "a");
    }

    @Test
    void hopByHopHeadersAMiddlewareAddsAreStrippedOnBothHops() {
        fx.useChain("[]", "[{id: h, type: hop}]");

        RawHttp.Response response = get("/web/hop");

        assertThat(response.status()).isEqualTo(200);
        RawHttp.Echo echo = response.echo();
        assertThat(echo.headerValues("X-Secret")).isEmpty();
        assertThat(echo.headerValues("Upgrade")).isEmpty();
        assertThat(echo.headerValues("Keep-Alive")).isEmpty();
        assertThat(echo.headerValues("Connection")).noneMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("x-secret"));
        assertThat(response.header("X-Secret-Out")).isNull();
        assertThat(response.header("Proxy-Connection")).isNull();
        assertThat(response.header("Keep-Alive")).isNull();
    }

    @Test
    void middlewareCanAnswerByItselfAndTheUpstreamSeesNothing() {
        fx.useChain("[]", "[{id: a, type: trace, config: {name: a}}, {id: gate, type: deny}]");
        int before = fx.webV1.hits();

        RawHttp.Response response = get("/web/secret");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text()).isEqualTo("denied by gate\n");
        assertThat(response.header("Content-Length")).isEqualTo("15");
        assertThat(response.header("X-Trace-Out")).isEqualTo("a");
        assertThat(fx.webV1.hits()).isEqualTo(before);
    }

    @Test
    void responseHeadersOfAStreamedResponseCanBeChangedBeforeTheyAreWritten() {
        fx.useChain("[]", "[{id: h, type: header, config: {response: {set: {X-Frame-Options: DENY},"
                + " remove: [X-Instance]}}}]");

        RawHttp.Response response = get("/web/big/300000");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("X-Instance")).isNull();
        assertThat(response.body()).isEqualTo(TestUpstream.pattern(300000));
    }

    @Test
    void aMiddlewareAnsweringLaterFromAnotherThreadStillGetsTheWholeBodyRelayed() {
        fx.useChain("[]", "[{id: slow, type: later, config: {delayMs: 100}}]");

        RawHttp.Response response = get("/web/big/500000");

        assertThat(response.header("X-Later")).isEqualTo("yes");
        assertThat(response.body()).isEqualTo(TestUpstream.pattern(500000));
    }

    @Test
    void theExchangeCarriesTheLaneRouteAndInstanceDecidedBeforeTheChain() {
        fx.useChain("[{name: beta, lane: canary, when: {header: {name: X-User-Group, equals: beta}}}]",
                "[{id: f, type: facts}]");

        RawHttp.Response response = get("/web/x?q=1", "X-User-Group: beta");

        assertThat(response.header("X-Facts"))
                .isEqualTo("lane=canary route=web instance=web-v2 source=RULE rule=beta query=q=1 path=/web/x");
        assertThat(response.echo().instance()).isEqualTo("web-v2");
    }

    @Test
    void aMiddlewareThatSetsAnotherLaneReroutesTheRequestAndTheNewLaneTravelsOn() {
        fx.useChain("[]", "[{id: to-canary, type: lane, config: {lane: canary}}]");

        RawHttp.Response response = get("/web/x");

        assertThat(response.echo().instance()).isEqualTo("web-v2");
        assertThat(response.echo().header("X-Graylane-Lane")).isEqualTo("canary");
        assertThat(response.echo().header("baggage")).isEqualTo("graylane.lane=canary");
    }

    @Test
    void unroutableAndUnservableRequestsGoThroughTheChainWithTheGatewaysAnswers() {
        fx.useChain("[{name: vips, lane: vip, when: {header: {name: X-Vip, present: true}}}]",
                "[{id: a, type: trace, config: {name: a}}]");

        RawHttp.Response noRoute = get("/nowhere");
        RawHttp.Response strict = get("/web/x", "X-Vip: 1");
        RawHttp.Response dead = get("/dead/x");

        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.text()).isEqualTo("no route for host 'test' and path '/nowhere'\n");
        assertThat(noRoute.header("X-Trace-Out")).isEqualTo("a");
        assertThat(strict.status()).isEqualTo(503);
        assertThat(strict.text()).startsWith("lane 'vip' is strict and cannot serve service 'web'");
        assertThat(strict.header("X-Trace-Out")).isEqualTo("a");
        assertThat(dead.status()).isEqualTo(502);
        assertThat(dead.text()).isEqualTo("upstream connect error: dead-v1 127.0.0.1:" + fx.deadPort + ": connection refused\n");
        assertThat(dead.header("X-Trace-Out")).isEqualTo("a");
    }

    @Test
    void chainWithOnlyDisabledEntriesIsNoChain() {
        fx.useChain("[]", "[{id: unused, type: deny, enabled: false}]");

        assertThat(fx.gateway.chainIds()).isEmpty();
        assertThat(get("/web/x").status()).isEqualTo(200);
    }

    @Test
    void aChainThatFailsToBuildIsRefusedAndTheCurrentOneKeepsServing() {
        fx.useChain("[]", "[{id: a, type: trace, config: {name: a}}]");

        assertThatThrownBy(() -> fx.useChain("[]", "[{id: rl, type: rate-limit, config: {rate: 10/s, burst: -1}}]"))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain[id=rl].config.burst: -1 (expected: > 0)");
        assertThat(fx.gateway.chainIds()).containsExactly("a");
        assertThat(get("/web/x").header("X-Trace-Out")).isEqualTo("a");
    }

    @Test
    void swapsWithTheSameChainEntriesKeepTheChainAndItsState() {
        fx.useChain("[]", "[{id: keep, type: probe, config: {name: kept}}]");
        int made = probes.all().size();

        fx.useChain("[{name: all, lane: canary, when: {random: {percent: 100}}}]", "[{id: keep, type: probe, config: {name: kept}}]");
        RawHttp.Response response = get("/web/x");

        assertThat(probes.all()).hasSize(made);
        assertThat(response.header("X-Probe")).isEqualTo("kept");
        assertThat(response.echo().instance()).isEqualTo("web-v2");
    }

    @Test
    void aReplacedChainClosesOnlyAfterItsInFlightRequestFinished() throws Exception {
        fx.useChain("[]", "[{id: p, type: probe, config: {name: first}}]");
        TestMiddleware.Probe first = probes.all().get(probes.all().size() - 1);
        try (RawHttp slow = new RawHttp(fx.port())) {
            slow.send(RawHttp.get("/web/hold"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.webV1.seen().contains("GET /web/hold"));

            fx.useChain("[]", "[{id: p, type: probe, config: {name: second}}]");
            RawHttp.Response during = get("/web/during");

            assertThat(during.header("X-Probe")).isEqualTo("second");
            assertThat(first.closed).isFalse();
            fx.webV1.release();
            RawHttp.Response held = slow.read();
            assertThat(held.status()).isEqualTo(200);
            assertThat(held.header("X-Probe")).isEqualTo("first");
            await().atMost(Duration.ofSeconds(5)).until(() -> first.closed);
            assertThat(first.inFlightAtClose).isZero();
        } finally {
            fx.webV1.hold();
        }
    }

    @Test
    void aChainOfRecoverAloneIsNotRunAndOneWithMoreIs() throws Exception {
        // [recover] has nothing after it to catch but the gateway's own forwarding: requests take the
        // fast path and hold no chain reference. Put a middleware after it and the chain runs again.
        fx.useChain("[]", "[{id: r, type: recover}]");
        assertThat(fx.gateway.chainPassesThrough()).isTrue();
        try (RawHttp slow = new RawHttp(fx.port())) {
            slow.send(RawHttp.get("/web/recover-only/hold"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.webV1.seen().contains("GET /web/recover-only/hold"));
            assertThat(fx.gateway.chainInFlight()).isZero();
            fx.webV1.release();
            assertThat(slow.read().status()).isEqualTo(200);
        } finally {
            fx.webV1.hold();
        }

        fx.useChain("[]", "[{id: r, type: recover}, {id: p, type: probe, config: {name: after-recover}}]");
        assertThat(fx.gateway.chainPassesThrough()).isFalse();
        try (RawHttp slow = new RawHttp(fx.port())) {
            slow.send(RawHttp.get("/web/after-recover/hold"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.chainInFlight() == 1);
            fx.webV1.release();
            RawHttp.Response held = slow.read();
            assertThat(held.status()).isEqualTo(200);
            assertThat(held.header("X-Probe")).isEqualTo("after-recover");
        } finally {
            fx.webV1.hold();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.chainInFlight() == 0);
    }

    @Test
    void noChainReferenceLeaksWhenClientsGoAwayMidRequest() throws Exception {
        fx.useChain("[]", "[{id: p, type: probe, config: {name: leak-check}}]");
        try (RawHttp gone = new RawHttp(fx.port())) {
            gone.send(RawHttp.get("/web/hold"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.chainInFlight() == 1);
        }
        get("/web/after");

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.chainInFlight() == 0);
        fx.webV1.release();
        fx.webV1.hold();
    }
}
