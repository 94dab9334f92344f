package io.graylane.library.context;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings("try")
class LaneExecutorsTest {

    private final ExecutorService rawPool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService rawScheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = LaneExecutors.wrap(rawPool);
    private final ScheduledExecutorService scheduler = LaneExecutors.wrap(rawScheduler);

    @AfterEach
    void stop() {
        rawPool.shutdownNow();
        rawScheduler.shutdownNow();
    }

    @Test
    void laneSurvivesExecutorThenCompletableFutureThenScheduledTask() throws Exception {
        List<String> hops = new CopyOnWriteArrayList<>();
        CompletableFuture<String> last = new CompletableFuture<>();
        Thread caller = Thread.currentThread();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        try (LaneScope ignored = LaneContext.attach("canary")) {
            pool.execute(() -> {
                hops.add("executor:" + LaneContext.lane());
                threads.add(Thread.currentThread());
                CompletableFuture.supplyAsync(() -> {
                    threads.add(Thread.currentThread());
                    return "future:" + LaneContext.lane();
                }, pool).thenAccept(hop -> {
                    hops.add(hop);
                    scheduler.schedule(() -> {
                        threads.add(Thread.currentThread());
                        last.complete("scheduled:" + LaneContext.lane());
                    }, 5, TimeUnit.MILLISECONDS);
                });
            });
        }
        hops.add(last.get(10, TimeUnit.SECONDS));
        assertThat(hops).containsExactly("executor:canary", "future:canary", "scheduled:canary");
        assertThat(threads).hasSize(3).doesNotContain(caller);
        assertThat(LaneContext.lane()).as("the caller's scope is closed").isNull();
    }

    @Test
    void laneNeverLeaksIntoAnUnrelatedRequestOnAReusedPoolThread() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            ExecutorService wrapped = LaneExecutors.wrap(single);
            String first;
            try (LaneScope ignored = LaneContext.attach("canary")) {
                first = wrapped.submit(LaneContext::lane).get(5, TimeUnit.SECONDS);
            }
            String laterWrapped = wrapped.submit(LaneContext::lane).get(5, TimeUnit.SECONDS);
            String laterRaw = single.submit(LaneContext::lane).get(5, TimeUnit.SECONDS);
            String otherLane;
            try (LaneScope ignored = LaneContext.attach("stable")) {
                otherLane = wrapped.submit(LaneContext::lane).get(5, TimeUnit.SECONDS);
            }
            assertThat(first).isEqualTo("canary");
            assertThat(laterWrapped).as("a wrapped task submitted with no lane").isNull();
            assertThat(laterRaw).as("a plain task on the same thread").isNull();
            assertThat(otherLane).isEqualTo("stable");
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void aWrappedTaskRestoresTheLaneItsWorkerThreadHadBefore() {
        AtomicReference<String> inside = new AtomicReference<>();
        Runnable task;
        try (LaneScope ignored = LaneContext.attach("canary")) {
            task = LaneExecutors.wrap(() -> inside.set(LaneContext.lane()));
        }
        try (LaneScope ignored = LaneContext.attach("stable")) {
            task.run();
            assertThat(LaneContext.lane()).isEqualTo("stable");
        }
        assertThat(inside).hasValue("canary");
    }

    @Test
    void aPeriodicTaskRunsInItsLaneEveryTime() throws Exception {
        List<String> runs = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        ScheduledFuture<?> periodic;
        try (LaneScope ignored = LaneContext.attach("canary")) {
            periodic = scheduler.scheduleAtFixedRate(() -> {
                runs.add(LaneContext.lane());
                three.countDown();
            }, 0, 5, TimeUnit.MILLISECONDS);
        }
        assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
        periodic.cancel(false);
        assertThat(runs).hasSizeGreaterThanOrEqualTo(3).containsOnly("canary");
    }

    @Test
    void withCurrentLaneFixesTheLaneWhenTheChainIsBuiltNotWhenAStageCompletes() throws Exception {
        CompletableFuture<String> upstream = new CompletableFuture<>();
        CompletableFuture<String> stage;
        try (LaneScope ignored = LaneContext.attach("canary")) {
            stage = upstream.thenApplyAsync(v -> v + ":" + LaneContext.lane(), LaneExecutors.withCurrentLane(rawPool));
        }
        // Completed by a thread that carries no lane, like an HTTP client's.
        Thread completer = new Thread(() -> upstream.complete("reply"));
        completer.start();
        assertThat(stage.get(5, TimeUnit.SECONDS)).isEqualTo("reply:canary");
    }

    @Test
    void aPlatformThreadFromAWrappedFactoryRunsInTheLaneOfItsCreator() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread thread;
        try (LaneScope ignored = LaneContext.attach("canary")) {
            thread = LaneExecutors.wrapThreadFactory(Executors.defaultThreadFactory()).newThread(() -> seen.set(LaneContext.lane()));
        }
        thread.start();
        thread.join(5_000);
        assertThat(seen).hasValue("canary");
    }

    @Test
    void aPlainThreadStartedWithAWrappedRunnableRunsInTheLane() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread thread;
        try (LaneScope ignored = LaneContext.attach("canary")) {
            thread = new Thread(LaneExecutors.wrap(() -> seen.set(LaneContext.lane())));
        }
        thread.start();
        thread.join(5_000);
        assertThat(seen).hasValue("canary");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aVirtualThreadRunsInTheLaneOfItsStarter() throws Exception {
        assertThat(LaneExecutors.virtualThreadsSupported()).isTrue();
        AtomicReference<String> seen = new AtomicReference<>();
        Thread thread;
        try (LaneScope ignored = LaneContext.attach("canary")) {
            thread = LaneExecutors.startVirtualThread(() -> seen.set(LaneContext.lane()));
        }
        thread.join(5_000);
        assertThat(seen).hasValue("canary");
        Optional<ExecutorService> perTask = LaneExecutors.newVirtualThreadPerTaskExecutor();
        assertThat(perTask).isPresent();
        try (LaneScope ignored = LaneContext.attach("stable")) {
            assertThat(perTask.get().submit(LaneContext::lane).get(5, TimeUnit.SECONDS)).isEqualTo("stable");
        } finally {
            perTask.get().shutdownNow();
        }
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void withoutVirtualThreadsTheJdkIsNamedAndAPlatformPoolIsTheWay() {
        assertThat(LaneExecutors.virtualThreadsSupported()).isFalse();
        assertThat(LaneExecutors.newVirtualThreadPerTaskExecutor()).isEmpty();
        assertThatThrownBy(() -> LaneExecutors.startVirtualThread(() -> { }))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("virtual threads: not available on Java " + Runtime.version().feature()
                        + " (expected: Java 21 or later)");
    }
}
