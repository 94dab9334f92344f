package io.graylane.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlockingQueryTest {

    private ConsulSimulator sim;
    private ConsulHttp http;

    @BeforeEach
    void start() {
        sim = ConsulSimulator.start();
        http = new ConsulHttp(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void indexZeroOrAbsentNeverBlocks() throws IOException {
        sim.kv().put("k", "v");
        long start = System.nanoTime();

        assertThat(http.get("/v1/kv/k?index=0&wait=5s").statusCode()).isEqualTo(200);
        assertThat(http.get("/v1/kv/k?wait=5s").statusCode()).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anOlderIndexReturnsAtOnce() throws IOException {
        sim.kv().put("k", "v");
        long start = System.nanoTime();

        HttpResponse<String> r = http.get("/v1/kv/k?index=1&wait=5s");

        assertThat(ConsulHttp.index(r)).isGreaterThan(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aBlockingQueryReturnsAsSoonAsTheDataChanges() throws IOException {
        sim.kv().put("k", "v1");
        long index = ConsulHttp.index(http.get("/v1/kv/k"));

        CompletableFuture<HttpResponse<String>> waiting = http.getAsync("/v1/kv/k?index=" + index + "&wait=10s");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        sim.kv().put("k", "v2");

        HttpResponse<String> r = waiting.orTimeout(3, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(ConsulHttp.index(r)).isGreaterThan(index);
        assertThat(ConsulHttp.json(r).get(0).get("Value").asText()).isEqualTo("djI=");
    }

    @Test
    void aBlockingQueryTimesOutWith200AndTheUnchangedIndex() throws IOException {
        sim.kv().put("k", "v");
        long index = ConsulHttp.index(http.get("/v1/kv/k"));
        long start = System.nanoTime();

        HttpResponse<String> r = http.get("/v1/kv/k?index=" + index + "&wait=300ms");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ConsulHttp.index(r)).isEqualTo(index);
        // wait plus up to wait/16 of jitter, plus scheduling slack
        assertThat(took).isBetween(Duration.ofMillis(290), Duration.ofMillis(1500));
    }

    @Test
    void aMissingKeyCanBeWaitedOnUntilItAppears() throws IOException {
        HttpResponse<String> missing = http.get("/v1/kv/later");
        assertThat(missing.statusCode()).isEqualTo(404);

        CompletableFuture<HttpResponse<String>> waiting =
                http.getAsync("/v1/kv/later?index=" + ConsulHttp.index(missing) + "&wait=10s");
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        sim.kv().put("later", "here");

        assertThat(waiting.orTimeout(3, java.util.concurrent.TimeUnit.SECONDS).join().statusCode()).isEqualTo(200);
    }

    @Test
    void theIndexIsNeverZeroEvenOnAnEmptyStore() throws IOException {
        assertThat(ConsulHttp.index(http.get("/v1/kv/nothing"))).isEqualTo(1);
        assertThat(ConsulHttp.index(http.get("/v1/kv/?keys"))).isEqualTo(1);
        assertThat(ConsulHttp.index(http.get("/v1/kv/nothing/?recurse"))).isEqualTo(1);
    }

    @Test
    void aSingleKeyWaitReportsTheTableIndexButWakesOnlyForItsOwnKey() throws IOException {
        sim.kv().put("mine", "1");
        long index = ConsulHttp.index(http.get("/v1/kv/mine"));
        CompletableFuture<HttpResponse<String>> waiting = http.getAsync("/v1/kv/mine?index=" + index + "&wait=10s");
        awaitArrived("/v1/kv/mine", 2, waiting);

        sim.kv().put("other", "x");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        assertThat(ConsulHttp.index(http.get("/v1/kv/mine"))).isGreaterThan(index);

        sim.kv().put("mine", "2");
        assertThat(ConsulHttp.index(waiting.orTimeout(3, java.util.concurrent.TimeUnit.SECONDS).join()))
                .isEqualTo(sim.kv().modifyIndex("mine"));
    }

    @Test
    void aRecurseWaitIgnoresChangesOutsideItsPrefix() throws IOException {
        sim.kv().put("app/a", "1");
        long index = ConsulHttp.index(http.get("/v1/kv/app/?recurse"));
        CompletableFuture<HttpResponse<String>> waiting = http.getAsync("/v1/kv/app/?recurse&index=" + index + "&wait=10s");
        awaitArrived("/v1/kv/app/", 2, waiting);

        sim.kv().put("elsewhere", "x");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        sim.kv().put("app/b", "2");

        assertThat(ConsulHttp.json(waiting.orTimeout(3, java.util.concurrent.TimeUnit.SECONDS).join())).hasSize(2);
    }

    @Test
    void manyBlockingQueriesWaitAtOnceAndAllWakeOnOneChange() throws IOException {
        sim.kv().put("k", "1");
        long index = ConsulHttp.index(http.get("/v1/kv/k"));
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            waiting.add(http.getAsync("/v1/kv/k?index=" + index + "&wait=20s"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.requestCount("/v1/kv/k") >= 61);

        sim.kv().put("k", "2");

        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(waiting).allSatisfy(f -> assertThat(ConsulHttp.index(f.join())).isGreaterThan(index));
    }

    @ParameterizedTest(name = "wait={0} is accepted")
    @ValueSource(strings = {"100ms", "10s", "5m", "1h", "1m30s", "0"})
    void goDurationsAreAcceptedAsWait(String wait) throws IOException {
        assertThat(http.get("/v1/kv/?keys&wait=" + wait).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} → 400 {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/v1/kv/k?index=1&wait=10  | Invalid wait time",
            "/v1/kv/k?index=1&wait=abc | Invalid wait time",
            "/v1/kv/k?index=abc        | Invalid index",
            "/v1/kv/k?index=-1         | Invalid index",
            "/v1/health/service/web?index=x | Invalid index",
            "/v1/kv/k?stale&consistent | Cannot specify ?stale with ?consistent, conflicting semantics.",
            "/v1/catalog/services?stale&consistent | Cannot specify ?stale with ?consistent, conflicting semantics.",
    })
    void badBlockingParametersAnswer400(String path, String text) throws IOException {
        HttpResponse<String> r = http.get(path);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(text);
    }

    @Test
    void aRewindMakesIndexesGoBackwardsAndHighWatchersWaitUntilTimeout() throws IOException {
        for (int i = 0; i < 10; i++) {
            sim.kv().put("k", "v" + i);
        }
        long before = ConsulHttp.index(http.get("/v1/kv/k"));
        long raftBefore = sim.index();

        sim.faults().rewindIndex();

        HttpResponse<String> after = http.get("/v1/kv/k");
        assertThat(ConsulHttp.index(after)).isLessThan(before).isPositive();
        assertThat(ConsulHttp.json(after).get(0).get("Value").asText()).isEqualTo("djk=");
        assertThat(sim.index()).isLessThan(raftBefore);
        assertThat(sim.kv().modifyIndex("k")).isLessThan(before);

        sim.kv().put("k", "changed");
        long start = System.nanoTime();
        HttpResponse<String> stuck = http.get("/v1/kv/k?index=" + before + "&wait=300ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(ConsulHttp.index(stuck)).isLessThanOrEqualTo(before);
    }

    @Test
    void aRewindWhileWaitingDoesNotReleaseTheWaiter() throws IOException {
        sim.kv().put("k", "v");
        long index = ConsulHttp.index(http.get("/v1/kv/k"));
        CompletableFuture<HttpResponse<String>> waiting = http.getAsync("/v1/kv/k?index=" + index + "&wait=1500ms");
        awaitArrived("/v1/kv/k", 2, waiting);

        sim.faults().rewindIndex();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        assertThat(ConsulHttp.index(waiting.orTimeout(3, java.util.concurrent.TimeUnit.SECONDS).join())).isLessThan(index);
    }

    /** Waits until the simulator has received the request and it has had time to start waiting. */
    private void awaitArrived(String path, long count, CompletableFuture<?> waiting) {
        await().atMost(Duration.ofSeconds(2)).until(() -> sim.requestCount(path) >= count);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());
    }
}
