package io.graylane.gateway.proxy;

import io.graylane.gateway.middleware.BuiltinMiddleware;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Engine swaps that change the middleware chain, under load. */
class GatewayChainSwapTest {

    @Test
    void swappingChainsUnderLoadFailsNoRequestAndClosesEachOldChainAfterItDrained() throws Exception {
        TestMiddleware.Probes probes = new TestMiddleware.Probes();
        try (GatewayFixture fx = new GatewayFixture(b -> b.middlewareRegistry(new BuiltinMiddleware().registry().with(probes)))) {
            fx.useChain("[]", "[{id: r, type: recover}, {id: p, type: probe, config: {name: gen-0}}]");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI get = URI.create("http://127.0.0.1:" + fx.port() + "/web/swap");
            URI post = URI.create("http://127.0.0.1:" + fx.port() + "/web/swap-post");
            int threads = 4;
            int maxPerThread = 2_000; // bounded: the load stops when the swaps are over, or here
            int swaps = 20;
            AtomicInteger done = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean swapping = new java.util.concurrent.atomic.AtomicBoolean(true);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> generations = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < maxPerThread && swapping.get(); i++) {
                        HttpRequest request = i % 4 == 0
                                ? HttpRequest.newBuilder(post).POST(HttpRequest.BodyPublishers.ofString("body-" + i))
                                        .timeout(Duration.ofSeconds(10)).build()
                                : HttpRequest.newBuilder(get).timeout(Duration.ofSeconds(10)).build();
                        try {
                            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            } else {
                                generations.add(r.headers().firstValue("X-Probe").orElse("none"));
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (int swap = 1; swap <= swaps + 1; swap++) {
                // Enough requests after each swap that every chain serves some (at most `threads` were in flight).
                int progress = done.get() + 3 * threads;
                await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> done.get() >= progress);
                if (swap <= swaps) {
                    fx.useChain("[]", "[{id: r, type: recover}, {id: p, type: probe, config: {name: gen-" + swap + "}}]");
                }
            }
            swapping.set(false);
            for (Future<?> w : workers) {
                w.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(failures).isEmpty();
            assertThat(generations).hasSize(done.get()).doesNotContain("none");
            assertThat(generations.stream().distinct().count()).isEqualTo(swaps + 1);
            List<TestMiddleware.Probe> made = probes.all();
            assertThat(made).hasSize(swaps + 1);
            List<TestMiddleware.Probe> retired = made.subList(0, swaps);
            await().atMost(Duration.ofSeconds(10)).until(() -> retired.stream().allMatch(p -> p.closed));
            assertThat(retired).allSatisfy(p -> assertThat(p.inFlightAtClose).as(p.name).isZero());
            assertThat(made.get(swaps).closed).isFalse();
            assertThat(fx.gateway.chainInFlight()).isZero();
        }
        assertThat(probes.all()).allSatisfy(p -> assertThat(p.closed).as(p.name).isTrue());
    }
}
