package io.graylane.gateway.middleware;

import io.graylane.gateway.proxy.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code retry}: idempotent requests only, to another instance of the subset, within a budget. */
class RetryMiddlewareTest {

    private static ChainFixture fx;

    @BeforeAll
    static void start() {
        fx = new ChainFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @AfterEach
    void healAll() {
        fx.webV1.respondWith(0);
        fx.pairA.respondWith(0);
        fx.pairB.respondWith(0);
    }

    private static int pairHits() {
        return fx.pairA.hits() + fx.pairB.hits();
    }

    @Test
    void aFailedGetIsRetriedOnTheOtherInstanceOfTheSubset() {
        fx.use("[{id: retry, type: retry, config: {budgetMinRetries: 1000}}]");
        fx.pairA.respondWith(503);
        long retriesBefore = fx.builtins.retry().retried().get("retry");
        int aBefore = fx.pairA.hits();

        for (int i = 0; i < 20; i++) {
            RawHttp.Response r = fx.get("/pair/x");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.echo().instance()).isEqualTo("pair-b");
        }

        long retries = fx.builtins.retry().retried().get("retry") - retriesBefore;
        assertThat(retries).isPositive().isEqualTo(fx.pairA.hits() - aBefore);
    }

    @Test
    void aRequestWhoseInstanceRefusesConnectionsIsRetriedOnAnother() {
        fx.use("[{id: retry-connect, type: retry, config: {retryOn: [connect-error], budgetMinRetries: 1000}}]");

        for (int i = 0; i < 10; i++) {
            RawHttp.Response r = fx.get("/half/x");
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }
    }

    @Test
    void aPostIsNeverSentTwice() {
        fx.use("[{id: retry-post, type: retry, config: {attempts: 5, budgetMinRetries: 1000}}]");
        fx.pairA.respondWith(503);
        fx.pairB.respondWith(503);
        int before = pairHits();

        for (int i = 0; i < 10; i++) {
            RawHttp.Response r = fx.send("POST /pair/x HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n");
            assertThat(r.status()).isEqualTo(503);
        }

        assertThat(pairHits() - before).isEqualTo(10);
    }

    @Test
    void aPutWhoseBodyAlreadyWentUpstreamIsNotSentAgainButABodylessOneIs() {
        fx.use("[{id: retry-put, type: retry, config: {attempts: 2, budgetMinRetries: 1000}}]");
        fx.pairA.respondWith(503);
        fx.pairB.respondWith(503);

        int before = pairHits();
        RawHttp.Response withBody = fx.send("PUT /pair/x HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello");
        int withBodyHits = pairHits() - before;
        before = pairHits();
        RawHttp.Response bodyless = fx.send("PUT /pair/x HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n");
        int bodylessHits = pairHits() - before;

        assertThat(withBody.status()).isEqualTo(503);
        assertThat(withBodyHits).isEqualTo(1);
        assertThat(bodyless.status()).isEqualTo(503);
        assertThat(bodylessHits).isEqualTo(2);
    }

    @Test
    void retriesStayWithinTheBudget() {
        fx.use("[{id: frugal, type: retry, config: {attempts: 3, budgetPercent: 20, budgetMinRetries: 0, budgetWindow: 1m}}]");
        fx.webV1.respondWith(503);
        int before = fx.webV1.hits();

        for (int i = 0; i < 10; i++) {
            assertThat(fx.get("/web/x").status()).isEqualTo(503);
        }

        // 20 % of 10 requests: 2 retries, however many attempts each request was allowed.
        assertThat(fx.webV1.hits() - before).isEqualTo(12);
        assertThat(fx.builtins.retry().retried().get("frugal")).isEqualTo(2);
        assertThat(fx.builtins.retry().budgetExhausted().get("frugal")).isPositive();
    }

    @Test
    void theBudgetForgetsRequestsOlderThanItsWindow() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        RetryBudget budget = new RetryBudget(50, 10_000_000_000L, 0, now::get);
        for (int i = 0; i < 4; i++) {
            budget.recordRequest();
        }

        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
        now.addAndGet(11_000_000_000L);
        assertThat(budget.tryRetry()).isFalse();
        budget.recordRequest();
        budget.recordRequest();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }
}
