package io.graylane.consul;

import io.graylane.consul.internal.DaemonThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The blocking-query loop against a query the test answers by hand, so every rule is checked exactly. */
class WatchTest {

    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("watch-test", 2);
    private final FakeQuery<String> query = new FakeQuery<>();
    private final RecordingListener<String> listener = new RecordingListener<>();

    private static final WatchSettings FAST = WatchSettings.builder().waitTime(Duration.ofSeconds(1))
            .ratePerSecond(1000).burst(2).backoffInitial(Duration.ofMillis(10)).backoffMax(Duration.ofMillis(20))
            .build();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private Watch<String> start(WatchSettings settings) {
        Watch<String> watch = Watch.builder("test", query).settings(settings).scheduler(scheduler).build();
        watch.subscribe(listener);
        return watch.start();
    }

    @Test
    void theFirstReadDoesNotBlockAndLaterReadsBlockOnTheReturnedIndexWithTheConfiguredWait() {
        start(FAST);

        FakeQuery.Read<String> first = query.next();
        assertThat(first.index()).isZero();
        assertThat(first.waitTime()).isEqualTo(Duration.ofSeconds(1));
        first.answer("a", 42);

        assertThat(query.next().index()).isEqualTo(42);
    }

    @Test
    void consecutiveIdenticalResultsPublishNothing() {
        Watch<String> watch = start(FAST);
        query.next().answer("a", 10);
        query.next().answer("a", 10);   // wait timed out, same data
        query.next().answer("a", 11);   // unrelated churn woke it, same data
        query.next().answer("b", 12);
        query.next();

        assertThat(listener.values).containsExactly("a", "b");
        assertThat(watch.state().changes()).isEqualTo(2);
        assertThat(watch.state().requests()).isEqualTo(5);
    }

    @Test
    void anIndexThatGoesBackwardsResetsToZeroAndTheNextChangeIsStillSeen() {
        start(FAST);
        query.next().answer("a", 100);
        FakeQuery.Read<String> blocked = query.next();
        assertThat(blocked.index()).isEqualTo(100);

        blocked.answer("a", 40);            // snapshot restore: index went back
        FakeQuery.Read<String> reset = query.next();
        assertThat(reset.index()).isZero();
        reset.answer("a", 41);
        FakeQuery.Read<String> again = query.next();
        assertThat(again.index()).isEqualTo(41);
        again.answer("changed after restore", 42);

        await().untilAsserted(() -> assertThat(listener.values).containsExactly("a", "changed after restore"));
    }

    @Test
    void anIndexBelowOneIsFlooredAtOneSoTheNextReadBlocks() {
        start(FAST);
        query.next().answer("a", 0);

        assertThat(query.next().index()).isEqualTo(1);
    }

    @Test
    void anErrorResetsTheIndexToZeroAndTellsListenersWhileTheLastValueStays() {
        Watch<String> watch = start(FAST);
        query.next().answer("a", 7);
        query.next().fail(new ConsulException(500, "GET /v1/kv/x", "rpc error", null));

        FakeQuery.Read<String> retry = query.next();
        assertThat(retry.index()).isZero();
        assertThat(watch.current()).contains("a");
        assertThat(watch.state().consecutiveErrors()).isEqualTo(1);
        assertThat(watch.state().lastError()).contains("rpc error");
        await().untilAsserted(() -> assertThat(listener.errors).hasSize(1));

        retry.answer("a", 9);
        assertThat(query.next().index()).isEqualTo(9);
        assertThat(watch.state().consecutiveErrors()).isZero();
        assertThat(watch.state().lastSuccess()).isNotNull();
        assertThat(listener.values).containsExactly("a");
    }

    @Test
    void errorsBackOffExponentiallyUpToTheMaximum() {
        WatchSettings settings = FAST.toBuilder().backoffInitial(Duration.ofMillis(100))
                .backoffMax(Duration.ofMillis(400)).build();
        start(settings);
        long[] gaps = new long[5];
        long last = System.nanoTime();
        FakeQuery.Read<String> read = query.next();
        for (int i = 0; i < gaps.length; i++) {
            read.fail(new ConsulException(ConsulException.NO_RESPONSE, "GET /x", "refused", null));
            read = query.next();
            long now = System.nanoTime();
            gaps[i] = (now - last) / 1_000_000;
            last = now;
        }
        // Equal jitter: each delay is at least half its step (100, 200, 400, 400, 400 ms).
        assertThat(gaps[0]).isGreaterThanOrEqualTo(50);
        assertThat(gaps[1]).isGreaterThanOrEqualTo(100);
        assertThat(gaps[2]).isGreaterThanOrEqualTo(200);
        assertThat(gaps[4]).isGreaterThanOrEqualTo(200).isLessThan(5_000);
    }

    @Test
    void theTokenBucketCapsReQueriesWhenConsulAnswersAtOnce() {
        // A server that always answers immediately with new data: without the bucket this would spin.
        AtomicLong index = new AtomicLong();
        AtomicInteger reads = new AtomicInteger();
        Watch.Query<String> eager = (i, w) -> {
            reads.incrementAndGet();
            long n = index.incrementAndGet();
            return CompletableFuture.completedFuture(
                    new ConsulResponse<>("v" + n, new QueryMeta(n, true, Duration.ZERO)));
        };
        WatchSettings settings = FAST.toBuilder().ratePerSecond(5).burst(2).build();
        Watch<String> watch = Watch.builder("eager", eager).settings(settings).scheduler(scheduler).build().start();

        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 8);
        double seconds = (System.nanoTime() - start) / 1e9;
        watch.close();

        // burst 2 at once, then one per 200 ms: the 8th read cannot come before ~1.2 s.
        assertThat(seconds).isGreaterThan(1.0);
        assertThat(reads.get()).isLessThanOrEqualTo(2 + (int) Math.ceil(seconds * 5) + 1);
    }

    @Test
    void aLateSubscriberIsToldTheCurrentValueOnce() {
        Watch<String> watch = start(FAST);
        query.next().answer("a", 3);
        query.next();
        RecordingListener<String> late = new RecordingListener<>();

        watch.subscribe(late);

        await().untilAsserted(() -> assertThat(late.values).containsExactly("a"));
    }

    @Test
    void aLateSubscriberToAFailingWatchWithNoValueIsToldTheLastError() {
        Watch<String> watch = start(FAST);
        ConsulException denied = new ConsulException(403, "GET /v1/kv/x", "Permission denied", null);
        query.next().fail(denied);
        query.next();
        RecordingListener<String> late = new RecordingListener<>();

        watch.subscribe(late);

        await().untilAsserted(() -> assertThat(late.errors).containsExactly(denied));
        assertThat(late.values).isEmpty();
    }

    @Test
    void listenersAreCalledOutsideAnyLockSoTheyMayUseTheWatch() {
        Watch<String> watch = Watch.builder("reentrant", query).settings(FAST).scheduler(scheduler).build();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        watch.subscribe((value, meta) -> {
            // Reading state and subscribing from inside a callback must not deadlock.
            seen.add(value + "@" + watch.state().index());
            watch.subscribe((v, m) -> { });
        });
        watch.start();
        query.next().answer("a", 5);
        query.next();

        await().untilAsserted(() -> assertThat(seen).containsExactly("a@5"));
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheWatchOrOtherListeners() {
        Watch<String> watch = Watch.builder("throws", query).settings(FAST).scheduler(scheduler).build();
        watch.subscribe((v, m) -> {
            throw new IllegalStateException("boom");
        });
        watch.subscribe(listener);
        watch.start();
        query.next().answer("a", 5);
        query.next().answer("b", 6);
        query.next();

        assertThat(listener.values).containsExactly("a", "b");
    }

    @Test
    void theFallbackIsServedWhenTheFirstReadFailsAndReplacedWhenConsulAnswers() {
        Watch<String> watch = Watch.builder("fallback", query).settings(FAST).scheduler(scheduler)
                .fallback(() -> "saved").build();
        watch.subscribe(listener);
        watch.start();

        query.next().fail(new ConsulException(ConsulException.NO_RESPONSE, "GET /x", "refused", null));
        FakeQuery.Read<String> retry = query.next();
        assertThat(watch.state().servingFallback()).isTrue();
        assertThat(listener.values).containsExactly("saved");
        assertThat(listener.metas.get(0).index()).isZero();

        retry.answer("live", 20);
        query.next();
        assertThat(watch.state().servingFallback()).isFalse();
        assertThat(listener.values).containsExactly("saved", "live");
    }

    @Test
    void aFallbackEqualToWhatConsulSaysIsNotPublishedTwice() {
        Watch<String> watch = Watch.builder("fallback", query).settings(FAST).scheduler(scheduler)
                .fallback(() -> "same").build();
        watch.subscribe(listener);
        watch.start();
        query.next().fail(new ConsulException(ConsulException.NO_RESPONSE, "GET /x", "refused", null));
        query.next().answer("same", 20);
        query.next();

        assertThat(listener.values).containsExactly("same");
        assertThat(watch.state().servingFallback()).isFalse();
    }

    @Test
    void closingStopsTheLoopAndCancelsTheReadInFlight() {
        Watch<String> watch = start(FAST);
        query.next().answer("a", 3);
        FakeQuery.Read<String> inFlight = query.next();

        watch.close();

        await().untilAsserted(() -> assertThat(inFlight.future()).isCancelled());
        assertThat(watch.state().running()).isFalse();
        int before = query.count();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(query.count()).isEqualTo(before));
    }
}
