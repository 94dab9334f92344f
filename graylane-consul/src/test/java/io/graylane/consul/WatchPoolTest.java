package io.graylane.consul;

import io.graylane.consul.internal.DaemonThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WatchPoolTest {

    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("pool-test", 1);
    private final Map<String, FakeQuery<String>> queries = new HashMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private final WatchPool<String, String> pool = new WatchPool<>(key -> {
        created.incrementAndGet();
        FakeQuery<String> q = new FakeQuery<>();
        queries.put(key, q);
        return Watch.builder(key, q).scheduler(scheduler)
                .settings(WatchSettings.builder().waitTime(Duration.ofSeconds(1)).build()).build();
    });

    @AfterEach
    void stop() {
        pool.close();
        scheduler.shutdownNow();
    }

    @Test
    void twoAcquiresOfTheSameKeyShareOneWatch() {
        RecordingListener<String> oldSnapshot = new RecordingListener<>();
        RecordingListener<String> newSnapshot = new RecordingListener<>();

        WatchPool.Handle<String> a = pool.acquire("web", oldSnapshot);
        queries.get("web").next().answer("v1", 5);
        WatchPool.Handle<String> b = pool.acquire("web", newSnapshot);

        assertThat(created).hasValue(1);
        assertThat(pool.size()).isEqualTo(1);
        assertThat(pool.references("web")).isEqualTo(2);
        await().untilAsserted(() -> {
            assertThat(oldSnapshot.values).containsExactly("v1");
            assertThat(newSnapshot.values).containsExactly("v1");
        });
        a.close();
        b.close();
    }

    @Test
    void closingOneHandleKeepsTheWatchForTheOtherAndClosingTheLastStopsIt() {
        WatchPool.Handle<String> a = pool.acquire("web");
        WatchPool.Handle<String> b = pool.acquire("web");
        Watch<String> watch = pool.watches().get(0);

        a.close();
        a.close(); // idempotent: must not release b's reference
        assertThat(pool.references("web")).isEqualTo(1);
        assertThat(watch.isClosed()).isFalse();

        b.close();
        assertThat(pool.size()).isZero();
        assertThat(watch.isClosed()).isTrue();
    }

    @Test
    void aClosedHandleNoLongerHearsChanges() {
        RecordingListener<String> stays = new RecordingListener<>();
        RecordingListener<String> leaves = new RecordingListener<>();
        WatchPool.Handle<String> keep = pool.acquire("web", stays);
        WatchPool.Handle<String> gone = pool.acquire("web", leaves);
        queries.get("web").next().answer("v1", 5);
        await().untilAsserted(() -> assertThat(leaves.values).containsExactly("v1"));

        gone.close();
        queries.get("web").next().answer("v2", 6);

        await().untilAsserted(() -> assertThat(stays.values).containsExactly("v1", "v2"));
        assertThat(leaves.values).containsExactly("v1");
        keep.close();
    }

    @Test
    void acquiringAfterTheLastReleaseStartsAFreshWatch() {
        pool.acquire("web").close();
        pool.acquire("web").close();

        assertThat(created).hasValue(2);
    }

    @Test
    void differentKeysGetDifferentWatches() {
        WatchPool.Handle<String> a = pool.acquire("web");
        WatchPool.Handle<String> b = pool.acquire("api");

        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.states()).containsOnlyKeys("web", "api");
        a.close();
        b.close();
    }

    @Test
    void aClosedPoolRefusesNewHandles() {
        pool.close();

        assertThatThrownBy(() -> pool.acquire("web")).isInstanceOf(IllegalStateException.class)
                .hasMessage("WatchPool is closed");
    }
}
