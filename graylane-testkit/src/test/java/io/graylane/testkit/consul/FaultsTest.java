package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultsTest {

    private ConsulSimulator sim;
    private ConsulHttp http;

    @BeforeEach
    void start() {
        sim = ConsulSimulator.start();
        http = new ConsulHttp(sim);
        sim.kv().put("k", "v");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void latencyDelaysEveryAnswer() throws IOException {
        sim.faults().latency(Duration.ofMillis(300));
        long start = System.nanoTime();

        assertThat(http.get("/v1/kv/k").statusCode()).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @ParameterizedTest(name = "failNext(2, {0}) → \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "500 | rpc error making call: EOF",
            "503 | rpc error making call: rate limit exceeded, try again later",
            "429 | Your IP is issuing too many concurrent connections, please rate limit your calls",
    })
    void failNextFailsExactlyTheNextRequestsWithAConsulLikeText(int status, String text) throws IOException {
        sim.faults().failNext(2, status);

        HttpResponse<String> first = http.get("/v1/kv/k");
        HttpResponse<String> second = http.put("/v1/kv/k", "x");
        HttpResponse<String> third = http.get("/v1/kv/k");

        assertThat(first.statusCode()).isEqualTo(status);
        assertThat(first.body()).startsWith(text);
        assertThat(first.headers().firstValue("X-Consul-Index")).isEmpty();
        assertThat(second.statusCode()).isEqualTo(status);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(sim.kv().get("k")).hasValue("v");
    }

    @Test
    void failAllFailsUntilStopped() throws IOException {
        sim.faults().failAll(503);
        assertThat(http.get("/v1/kv/k").statusCode()).isEqualTo(503);
        assertThat(http.get("/v1/health/service/x").statusCode()).isEqualTo(503);

        sim.faults().stopFailing();
        assertThat(http.get("/v1/kv/k").statusCode()).isEqualTo(200);
    }

    @Test
    void requestCountsIncludeFaultedRequestsAndCanBeReset() throws IOException {
        sim.resetRequestCounts();
        sim.faults().failNext(1, 500);
        http.get("/v1/kv/k");
        http.get("/v1/kv/k");
        http.get("/v1/health/service/web");

        assertThat(sim.requestCount("/v1/kv/")).isEqualTo(2);
        assertThat(sim.requestCount("/v1/")).isEqualTo(3);
        sim.resetRequestCounts();
        assertThat(sim.requestCount("/v1/")).isZero();
    }

    @Test
    void resetConnectionsClosesTheConnectionWithoutAnyResponse() throws IOException {
        sim.faults().resetConnections(true);

        assertThatThrownBy(() -> http.get("/v1/kv/k")).isInstanceOf(IOException.class);
        assertThat(sim.requestCount("/v1/kv/k")).isPositive();

        sim.faults().resetConnections(false);
        assertThat(http.get("/v1/kv/k").statusCode()).isEqualTo(200);
    }

    @Test
    void stallPastWaitHoldsABlockingQueryBeyondItsWaitUntilLifted() throws IOException {
        long index = ConsulHttp.index(http.get("/v1/kv/k"));
        sim.faults().stallPastWait(true);

        CompletableFuture<HttpResponse<String>> waiting = http.getAsync("/v1/kv/k?index=" + index + "&wait=200ms");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        assertThat(http.get("/v1/kv/k").statusCode()).as("non-blocking reads still answer").isEqualTo(200);

        sim.faults().stallPastWait(false);
        assertThat(waiting.orTimeout(3, TimeUnit.SECONDS).join().statusCode()).isEqualTo(200);
    }

    @Test
    void withoutALeaderDefaultAndConsistentReadsAndWritesFailButStaleReadsAnswer() throws IOException {
        sim.faults().knownLeader(false);

        for (String path : new String[] {"/v1/kv/k", "/v1/kv/k?consistent", "/v1/health/service/web"}) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(500);
            assertThat(r.body()).isEqualTo("No cluster leader");
        }
        assertThat(http.put("/v1/kv/k", "x").body()).isEqualTo("No cluster leader");
        HttpResponse<String> stale = http.get("/v1/kv/k?stale");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue("X-Consul-KnownLeader")).hasValue("false");
        assertThat(http.get("/v1/agent/services").statusCode()).as("agent-local").isEqualTo(200);

        sim.faults().knownLeader(true);
        assertThat(http.get("/v1/kv/k").headers().firstValue("X-Consul-KnownLeader")).hasValue("true");
    }

    @Test
    void anOutageRefusesConnectionsAndRecoveryServesTheSameDataOnTheSamePort() throws IOException {
        int port = sim.port();
        long index = ConsulHttp.index(http.get("/v1/kv/k"));

        sim.faults().outage();
        assertThatThrownBy(() -> http.get("/v1/kv/k")).isInstanceOf(ConnectException.class);

        sim.faults().recover();
        assertThat(sim.port()).isEqualTo(port);
        HttpResponse<String> r = http.get("/v1/kv/k");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ConsulHttp.index(r)).isEqualTo(index);
    }

    @Test
    void anOutageDropsBlockingQueriesThatAreWaiting() throws IOException {
        long index = ConsulHttp.index(http.get("/v1/kv/k"));
        CompletableFuture<HttpResponse<String>> waiting = http.getAsync("/v1/kv/k?index=" + index + "&wait=20s");
        await().atMost(Duration.ofSeconds(2)).until(() -> sim.requestCount("/v1/kv/k") >= 2);

        sim.faults().outage();

        assertThatThrownBy(() -> waiting.orTimeout(5, TimeUnit.SECONDS).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
        sim.faults().recover();
    }

    @Test
    void clearRestoresAHealthyServingSimulator() throws IOException {
        sim.faults().latency(Duration.ofSeconds(5)).failAll(500).resetConnections(true).knownLeader(false).outage();

        sim.faults().clear();

        assertThat(http.get("/v1/kv/k").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "failNext(1, 200) | status: 200 (expected: 400-599)",
            "failAll(600)     | status: 600 (expected: 400-599)",
            "failNext(-1, 500)| count: -1 (expected: >= 0)",
            "latency(-1ms)    | delay: PT-0.001S (expected: >= 0)",
    })
    void faultArgumentsAreCheckedWithClearMessages(String call, String message) {
        assertThatThrownBy(() -> {
            switch (call) {
                case "failNext(1, 200)" -> sim.faults().failNext(1, 200);
                case "failAll(600)" -> sim.faults().failAll(600);
                case "failNext(-1, 500)" -> sim.faults().failNext(-1, 500);
                default -> sim.faults().latency(Duration.ofMillis(-1));
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
