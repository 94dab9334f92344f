package io.graylane.gateway.middleware;

import io.graylane.core.chain.Chain;
import io.graylane.core.chain.Response;
import io.graylane.core.chain.SimpleExchange;
import io.graylane.core.config.ChainEntry;
import io.graylane.gateway.proxy.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rate-limit}: 429 with Retry-After over the limit, per key, with a bounded key map. */
class RateLimitMiddlewareTest {

    private static ChainFixture fx;

    @BeforeAll
    static void start() {
        fx = new ChainFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void requestsPastTheBurstAreAnswered429WithRetryAfterAndOtherKeysAreNotAffected() {
        fx.use("[{id: rl, type: rate-limit, config: {rate: 1/m, burst: 3, key: 'header:X-Api-Key'}}]");
        int before = fx.webV1.hits();

        List<Integer> alice = List.of(fx.get("/web/x", "X-Api-Key: alice").status(),
                fx.get("/web/x", "X-Api-Key: alice").status(), fx.get("/web/x", "X-Api-Key: alice").status());
        RawHttp.Response limited = fx.get("/web/x", "X-Api-Key: alice");
        RawHttp.Response bob = fx.get("/web/x", "X-Api-Key: bob");

        assertThat(alice).containsOnly(200);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.text()).isEqualTo("rate limit exceeded\n");
        assertThat(limited.header("Retry-After")).isEqualTo("60");
        assertThat(bob.status()).isEqualTo(200);
        assertThat(fx.webV1.hits()).isEqualTo(before + 4);
        assertThat(fx.builtins.rateLimit().limited().get("rl")).isEqualTo(1);
    }

    @Test
    void byDefaultEachClientAddressHasItsOwnBucket() {
        fx.use("[{id: per-ip, type: rate-limit, config: {rate: 1/h, burst: 1}}]");

        assertThat(fx.get("/web/x").status()).isEqualTo(200);
        RawHttp.Response limited = fx.get("/web/x");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(3590L, 3600L);
    }

    @Test
    void aBucketRefillsAtTheConfiguredRate() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Chain chain = Chain.build(List.of(new ChainEntry("rl", "rate-limit", Map.of("rate", "2/s", "burst", 2, "key", "global"),
                        true, List.of(), List.of())),
                io.graylane.core.chain.MiddlewareRegistry.of(new RateLimitFactory(now::get)),
                exchange -> CompletableFuture.completedFuture(Response.of(200)));

        assertThat(status(chain)).isEqualTo(200);
        assertThat(status(chain)).isEqualTo(200);
        assertThat(status(chain)).isEqualTo(429);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(499));
        assertThat(status(chain)).isEqualTo(429);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(status(chain)).isEqualTo(200);
        assertThat(status(chain)).isEqualTo(429);
    }

    private static int status(Chain chain) {
        return chain.handle(SimpleExchange.builder().uri("/").build()).toCompletableFuture().join().status();
    }

    @Test
    void hostileDistinctKeysCannotGrowTheKeyMapPastItsBound() {
        RateLimiter limiter = new RateLimiter(TimeUnit.SECONDS.toNanos(1), 1, 100);

        for (int i = 0; i < 100_000; i++) {
            assertThat(limiter.acquire("key-" + i, 0)).isZero();
        }

        assertThat(limiter.size()).isLessThanOrEqualTo(100);
        // A key seen recently is still limited.
        assertThat(limiter.acquire("key-99999", 0)).isPositive();
    }
}
