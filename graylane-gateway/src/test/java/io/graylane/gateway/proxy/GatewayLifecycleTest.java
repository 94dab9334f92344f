package io.graylane.gateway.proxy;

import io.graylane.core.engine.LaneEngine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Engine swaps under load, graceful shutdown, and the server's own life cycle. */
class GatewayLifecycleTest {

    @Test
    void swappingEnginesUnderConcurrentLoadFailsNoRequest() throws Exception {
        try (GatewayFixture fx = new GatewayFixture()) {
            LaneEngine stable = fx.engine("[]");
            LaneEngine canary = fx.engine("[{name: all, lane: canary, when: {random: {percent: 100}}}]");
            fx.gateway.updateEngine(stable);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + fx.port() + "/web/swap");
            int threads = 8;
            int perThread = 250;
            AtomicInteger done = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            } else {
                                served.add(RawHttp.Echo.parse(r.body()).instance());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            int total = threads * perThread;
            for (int swap = 1; swap <= 50; swap++) {
                int progress = swap * total / 60;
                await().atMost(Duration.ofSeconds(30)).until(() -> done.get() >= progress);
                fx.gateway.updateEngine(swap % 2 == 1 ? canary : stable);
            }
            for (Future<?> w : workers) {
                w.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(failures).isEmpty();
            assertThat(served).hasSize(total).containsOnly("web-v1", "web-v2").contains("web-v1", "web-v2");
        }
    }

    @Test
    void gracefulShutdownLetsAnInFlightSlowRequestFinish() throws Exception {
        GatewayFixture fx = new GatewayFixture();
        try (RawHttp slow = new RawHttp(fx.port()); RawHttp idle = new RawHttp(fx.port())) {
            fx.use("[]");
            idle.send(RawHttp.get("/web/warm"));
            assertThat(idle.read().status()).isEqualTo(200);
            slow.send(RawHttp.get("/web/hold"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.webV1.seen().contains("GET /web/hold"));

            CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(
                    () -> fx.gateway.shutdownGracefully(Duration.ofSeconds(20)));

            // Idle keep-alive connections close at once; new connections are refused.
            assertThat(idle.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), fx.port()).close())
                            .isInstanceOf(ConnectException.class));
            assertThat(shutdown).isNotDone();

            fx.webV1.release();
            RawHttp.Response response = slow.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.echo().uri()).isEqualTo("/web/hold");
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(shutdown.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            fx.close();
        }
    }

    @Test
    void gracefulShutdownGivesUpOnRequestsStillRunningAtTheDeadline() throws Exception {
        GatewayFixture fx = new GatewayFixture();
        try (RawHttp slow = new RawHttp(fx.port())) {
            fx.use("[]");
            slow.send(RawHttp.get("/web/hold"));
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.webV1.seen().contains("GET /web/hold"));

            boolean drained = fx.gateway.shutdownGracefully(Duration.ofMillis(200));

            assertThat(drained).isFalse();
            assertThat(slow.closedByServer()).isTrue();
        } finally {
            fx.webV1.release();
            fx.close();
        }
    }

    @Test
    void serverCanBeStartedOnceAndClosedTwice() throws IOException {
        try (GatewayFixture fx = new GatewayFixture()) {
            assertThat(fx.gateway.port()).isPositive();
            assertThat(fx.gateway.transport()).isEqualTo(Transport.best());
            assertThatThrownBy(fx.gateway::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("start: server is started (expected: a new server)");
            fx.gateway.close();
            fx.gateway.close();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), fx.gateway.port()).close())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void bindingATakenPortFailsWithTheAddress() {
        try (GatewayFixture fx = new GatewayFixture()) {
            GatewayServer second = GatewayServer.builder(fx.engine("[]")).port(fx.port()).build();

            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("bind 127.0.0.1:" + fx.port() + ": ");
        }
    }

    @Test
    void everyTransportAvailableHereServes() {
        for (Transport transport : Transport.values()) {
            if (!transport.isAvailable()) {
                continue;
            }
            try (GatewayFixture fx = new GatewayFixture(b -> b.transport(transport).eventLoops(1))) {
                fx.use("[]");
                assertThat(fx.gateway.transport()).isEqualTo(transport);
                assertThat(RawHttp.exchange(fx.port(), RawHttp.get("/web/t")).echo().instance()).isEqualTo("web-v1");
            }
        }
    }
}
