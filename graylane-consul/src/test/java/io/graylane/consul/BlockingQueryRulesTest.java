package io.graylane.consul;

import io.graylane.consul.internal.DaemonThreads;
import io.graylane.testkit.consul.ConsulSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every blocking-query rule of CONSUL.md, and every fault of the simulator, against real HTTP. Waits
 * are 1 s and Awaitility time-outs generous, so a busy two-core machine does not make them flaky.
 */
class BlockingQueryRulesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ConsulSimulator sim = ConsulSimulator.start();
    private final ConsulClient client = Sims.client(sim);
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("rules-test", 1);
    private Watch<Optional<KvEntry>> watch;
    private final RecordingListener<Optional<KvEntry>> listener = new RecordingListener<>();

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
        scheduler.shutdownNow();
        sim.close();
    }

    private Watch<Optional<KvEntry>> watchKey(String key, WatchSettings settings) {
        watch = Watch.<Optional<KvEntry>>builder("kv:" + key,
                        (index, wait) -> client.kvGetAsync(key, QueryOptions.blocking(index, wait)))
                .settings(settings).scheduler(scheduler).build();
        watch.subscribe(listener);
        return watch.start();
    }

    private List<String> values() {
        return listener.values.stream().map(v -> v.map(KvEntry::valueAsString).orElse("<absent>")).toList();
    }

    @Test
    void afterAnIndexRewindTheWatchStillSeesTheNextChange() {
        sim.kv().put("cfg", "v1");
        watchKey("cfg", Sims.FAST);
        await().atMost(PATIENCE).until(() -> values().equals(List.of("v1")));
        long before = watch.state().index();

        sim.faults().rewindIndex();     // snapshot restore: every index goes backwards
        sim.kv().put("cfg", "v2");      // written at an index below what the watch holds

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(values()).containsExactly("v1", "v2"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(watch.state().index())
                .isLessThan(before).isLessThanOrEqualTo(sim.index()).isPositive());
        sim.kv().put("cfg", "v3");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(values()).containsExactly("v1", "v2", "v3"));
    }

    @Test
    void aDeleteUnderAWatchedPrefixThatMovesTheIndexBackwardsIsSeenAndSoIsTheNextWrite() {
        sim.kv().put("app/a", "1");
        sim.kv().put("app/b", "2");
        RecordingListener<List<KvEntry>> prefix = new RecordingListener<>();
        Watch<List<KvEntry>> tree = Watch.<List<KvEntry>>builder("kv:app/",
                        (index, wait) -> client.kvListAsync("app/", QueryOptions.blocking(index, wait)))
                .settings(Sims.FAST).scheduler(scheduler).build();
        tree.subscribe(prefix);
        tree.start();
        try {
            await().atMost(PATIENCE).until(() -> prefix.values.size() == 1);

            sim.kv().delete("app/b");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(prefix.values).last()
                    .satisfies(l -> assertThat(l).extracting(KvEntry::key).containsExactly("app/a")));
            sim.kv().put("app/c", "3");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(prefix.values).last()
                    .satisfies(l -> assertThat(l).extracting(KvEntry::key).containsExactly("app/a", "app/c")));
        } finally {
            tree.close();
        }
    }

    @Test
    void aMissingKeyIsWaitedForNotPolled() {
        sim.kv().put("unrelated", "x");
        watchKey("graylane/config", Sims.FAST);
        await().atMost(PATIENCE).until(() -> values().equals(List.of("<absent>")));
        sim.resetRequestCounts();

        // With wait=1s, 2 s of a missing key cost about 2 reads — a busy loop would make hundreds.
        await().pollDelay(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> true);
        assertThat(sim.requestCount("/v1/kv/graylane/config")).isBetween(1L, 5L);

        sim.kv().put("graylane/config", "arrived");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(values()).containsExactly("<absent>", "arrived"));
    }

    @Test
    void identicalResultsAfterEachWaitPublishNothing() {
        sim.kv().put("cfg", "v1");
        watchKey("cfg", Sims.FAST);

        await().atMost(PATIENCE).until(() -> watch.state().requests() >= 3);

        assertThat(values()).containsExactly("v1");
    }

    @Test
    void a5xxResetsTheIndexToZeroAndBacksOff() {
        sim.kv().put("cfg", "v1");
        watchKey("cfg", Sims.FAST);
        await().atMost(PATIENCE).until(() -> watch.state().index() > 0 && watch.state().requests() >= 2);

        sim.faults().failAll(500);
        await().atMost(PATIENCE).until(() -> watch.state().consecutiveErrors() >= 2);
        assertThat(watch.state().index()).isZero();
        assertThat(watch.state().lastError()).contains("500").contains("GET /v1/kv/cfg");
        assertThat(watch.current()).hasValueSatisfying(v -> assertThat(v).map(KvEntry::valueAsString).contains("v1"));

        // Back-off 50 ms doubling to 400 ms (each at least half its step): over 2 s, a handful of reads.
        sim.resetRequestCounts();
        await().pollDelay(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> true);
        assertThat(sim.requestCount("/v1/kv/cfg")).isBetween(2L, 14L);

        sim.faults().stopFailing();
        sim.kv().put("cfg", "v2");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(values()).containsExactly("v1", "v2"));
        assertThat(watch.state().consecutiveErrors()).isZero();
    }

    @Test
    void duringAnOutageTheLastValueKeepsServingTheBackOffIsBoundedAndOneCycleResyncsOnRecovery() {
        sim.kv().put("cfg", "v1");
        watchKey("cfg", Sims.FAST);
        await().atMost(PATIENCE).until(() -> values().equals(List.of("v1")));

        sim.faults().outage();
        await().atMost(PATIENCE).until(() -> watch.state().consecutiveErrors() >= 1);
        long requestsAtOutage = watch.state().requests();
        await().pollDelay(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> true);
        long duringOutage = watch.state().requests() - requestsAtOutage;

        // Refused connections never reach the server, so count on the client side: bounded, not zero.
        assertThat(duringOutage).isBetween(2L, 14L);
        assertThat(watch.current()).hasValueSatisfying(v -> assertThat(v).map(KvEntry::valueAsString).contains("v1"));
        assertThat(watch.state().staleness(java.time.Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        sim.kv().put("cfg", "changed while down"); // straight into the store: Consul moved on without us
        sim.resetRequestCounts();
        sim.faults().recover();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(values()).containsExactly("v1", "changed while down"));
        // Index 0 after the errors: the first read after recovery brings the change, no blocking on an old index.
        assertThat(sim.requestCount("/v1/kv/cfg")).isBetween(1L, 2L);
    }

    @Test
    void connectionsResetWithoutAResponseAreErrorsThatBackOff() {
        sim.kv().put("cfg", "v1");
        watchKey("cfg", Sims.FAST);
        await().atMost(PATIENCE).until(() -> values().equals(List.of("v1")));

        sim.faults().resetConnections(true);
        await().atMost(PATIENCE).until(() -> watch.state().consecutiveErrors() >= 2);
        sim.faults().resetConnections(false);
        sim.kv().put("cfg", "v2");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(values()).containsExactly("v1", "v2"));
    }

    @Test
    void aServerStalledPastTheWaitTimesOutOnTheClientAndTheWatchRecovers() {
        sim.kv().put("cfg", "v1");
        ConsulClient impatient = ConsulClient.create(Sims.config(sim).requestTimeout(Duration.ofMillis(300)).build());
        watch = Watch.<Optional<KvEntry>>builder("kv:cfg",
                        (index, wait) -> impatient.kvGetAsync("cfg", QueryOptions.blocking(index, wait)))
                .settings(Sims.FAST).scheduler(scheduler).build();
        watch.subscribe(listener);
        watch.start();
        await().atMost(PATIENCE).until(() -> values().equals(List.of("v1")) && watch.state().index() > 0);

        sim.faults().stallPastWait(true);
        // The listener, not a poll of the state: after the error the watch re-reads from index 0, which the
        // stall does not hold, so the error state lasts only until that read succeeds.
        await().atMost(PATIENCE).until(() -> !listener.errors.isEmpty());
        assertThat(listener.errors.get(0)).hasMessageContaining("no response: timed out after 1363ms"); // 1s + 1s/16 + 300ms, rounded up
        sim.faults().stallPastWait(false);
        sim.kv().put("cfg", "v2");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(values()).containsExactly("v1", "v2"));
    }

    @Test
    void theRateLimiterCapsReQueriesWhenConsulAnswersAtOnce() {
        // Constant churn on the key makes every blocking read return at once.
        sim.kv().put("hot", "0");
        AtomicBoolean churn = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 1; churn.get(); i++) {
                sim.kv().put("hot", Integer.toString(i));
                LockSupport.parkNanos(2_000_000); // load generation only, not synchronization
            }
        }, "churn");
        writer.setDaemon(true);
        writer.start();
        try {
            watchKey("hot", Sims.FAST.toBuilder().ratePerSecond(5).burst(2).build());
            await().atMost(PATIENCE).until(() -> watch.state().requests() >= 2);
            long startRequests = watch.state().requests();
            sim.resetRequestCounts();
            long start = System.nanoTime();

            await().pollDelay(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> true);
            double seconds = (System.nanoTime() - start) / 1e9;
            long served = sim.requestCount("/v1/kv/hot");

            // 5 per second (the burst is spent already): about 10 in 2 s, where an unlimited loop makes hundreds.
            assertThat(served).isBetween(3L, (long) Math.ceil(seconds * 5) + 3);
            assertThat(watch.state().requests() - startRequests).isLessThanOrEqualTo((long) Math.ceil(seconds * 5) + 3);
            assertThat(listener.values.size()).isGreaterThan(3);
        } finally {
            churn.set(false);
        }
    }

    @Test
    void withoutALeaderStaleReadsStillAnswerAndSayTheLeaderIsUnknown() {
        sim.kv().put("cfg", "v1");
        sim.faults().knownLeader(false);

        ConsulResponse<Optional<KvEntry>> r = client.kvGet("cfg", QueryOptions.DEFAULT.withStale(true));

        assertThat(r.meta().knownLeader()).isFalse();
        assertThat(r.value()).isPresent();
    }
}
