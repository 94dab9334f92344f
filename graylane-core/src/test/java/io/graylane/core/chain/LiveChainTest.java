package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LiveChainTest {

    /** A middleware that stamps its config's name on responses and records its requests in flight and its close. */
    static final class Stamp implements Middleware, AutoCloseable {
        final String name;
        final AtomicInteger inFlight = new AtomicInteger();
        volatile int inFlightAtClose = -1;
        volatile String closedOn;

        Stamp(MiddlewareContext ctx) {
            this.name = ctx.string("name", ctx.id());
        }

        @Override
        public Handler apply(Handler next) {
            return exchange -> {
                inFlight.incrementAndGet();
                return next.handle(exchange).whenComplete((r, e) -> inFlight.decrementAndGet()).thenApply(r -> {
                    r.headers().set("X-Stamp", name);
                    return r;
                });
            };
        }

        @Override
        public void close() {
            inFlightAtClose = inFlight.get();
            closedOn = Thread.currentThread().getName();
        }
    }

    private final List<Stamp> made = new CopyOnWriteArrayList<>();
    private final ExecutorService upstream = Executors.newFixedThreadPool(2);
    private final Handler terminal = exchange -> CompletableFuture.supplyAsync(() -> Response.of(200, "ok"), upstream);
    private final MiddlewareRegistry registry = MiddlewareRegistry.of(
            MiddlewareFactory.of("stamp", ctx -> {
                Stamp s = new Stamp(ctx);
                made.add(s);
                return s;
            }),
            MiddlewareFactory.of("broken", ctx -> {
                throw ctx.invalid("limit", -1, "> 0");
            }));

    /** Records what the live chain tells its listener. */
    static final class Recorder implements ChainListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void loaded(ChainEntry entry, boolean success, long nanos) {
            events.add("loaded " + entry.id() + " " + success);
        }

        @Override
        public void swapped(long generation, List<String> ids, long buildNanos) {
            events.add("swapped " + generation + " " + ids);
        }

        @Override
        public void rejected(GraylaneException error) {
            events.add("rejected " + error.getMessage());
        }

        @Override
        public void drained(long generation, long drainNanos, boolean deadlineHit, int stragglers) {
            events.add("drained " + generation + " deadlineHit=" + deadlineHit + " stragglers=" + stragglers);
        }
    }

    private final Recorder recorder = new Recorder();

    @AfterEach
    void stop() {
        upstream.shutdownNow();
    }

    private static List<ChainEntry> chain(String name) {
        return List.of(new ChainEntry("s", "stamp", Map.of("name", name), true, List.of(), List.of()));
    }

    private LiveChain.Builder builder() {
        return LiveChain.builder(terminal).registry(registry).listener(recorder);
    }

    @Test
    void swappingUnderConcurrentRequestsServesEveryRequestByOneChainAndClosesEachOldOneDrained() throws Exception {
        LiveChain<String> live = builder().start("v0", chain("gen-0"));
        int threads = 4;
        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(load.submit(() -> {
                for (int i = 0; i < 20_000 && swapping.get(); i++) {
                    ChainLease<String> lease = live.acquire();
                    String value = lease.value();
                    sent.incrementAndGet();
                    Response r = lease.handle(SimpleExchange.builder().uri("/").build()).toCompletableFuture().join();
                    lease.release();
                    // The value and the chain were published together: the stamp's generation matches.
                    if (!("gen-" + value.substring(1)).equals(r.headers().get("X-Stamp"))) {
                        problems.add(value + " served by " + r.headers().get("X-Stamp"));
                    }
                }
            }));
        }
        int swaps = 300;
        for (int swap = 1; swap <= swaps; swap++) {
            live.update("v" + swap, chain("gen-" + swap));
        }
        swapping.set(false);
        for (Future<?> w : workers) {
            w.get(60, TimeUnit.SECONDS);
        }
        load.shutdown();

        assertThat(problems).isEmpty();
        assertThat(sent.get()).isPositive();
        assertThat(made).hasSize(swaps + 1);
        List<Stamp> retired = made.subList(0, swaps);
        await().atMost(Duration.ofSeconds(10)).until(() -> retired.stream().allMatch(s -> s.closedOn != null));
        assertThat(retired).allSatisfy(s -> {
            assertThat(s.inFlightAtClose).as(s.name).isZero();
            assertThat(s.closedOn).startsWith("graylane-chain-closer");
        });
        assertThat(live.inFlight()).isZero();
        live.close().get(10, TimeUnit.SECONDS);
        assertThat(made.get(swaps).closedOn).isNotNull();
    }

    @Test
    void aRetiredChainClosesOnlyWhenItsLastRequestIsReleased() {
        LiveChain<String> live = builder().start("v1", chain("one"));
        ChainLease<String> held = live.acquire();
        ChainGeneration first = held.generation();

        live.update("v2", chain("two"));

        assertThat(first.retired()).isTrue();
        assertThat(first.inFlight()).isEqualTo(1);
        assertThat(first.closedFuture()).isNotDone();
        assertThat(LiveChains.serve(live).headers().get("X-Stamp")).isEqualTo("two");
        held.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.closedFuture().isDone());
        assertThat(recorder.events).contains("drained 1 deadlineHit=false stragglers=0");
    }

    @Test
    void atTheDrainDeadlineTheOldChainClosesAnywayAndItsStragglersStillComplete() {
        LiveChain<String> live = builder().drainDeadline(Duration.ofMillis(100)).start("v1", chain("one"));
        ChainLease<String> straggler = live.acquire();

        live.update("v2", chain("two"));

        await().atMost(Duration.ofSeconds(5)).until(() -> straggler.generation().closedFuture().isDone());
        assertThat(recorder.events).contains("drained 1 deadlineHit=true stragglers=1");
        Response late = straggler.handle(SimpleExchange.builder().uri("/").build()).toCompletableFuture().join();
        straggler.release();
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.headers().get("X-Stamp")).isEqualTo("one");
        assertThat(straggler.generation().tryAcquire()).isFalse();
        assertThat(LiveChains.serve(live).headers().get("X-Stamp")).isEqualTo("two");
    }

    @Test
    void aChainThatFailsToBuildChangesNothingAndCleansUpWhatWasProvisioned() {
        LiveChain<String> live = builder().start("v1", chain("one"));
        AtomicBoolean resourcesClosed = new AtomicBoolean();
        List<ChainEntry> bad = List.of(
                new ChainEntry("ok", "stamp", Map.of("name", "new"), true, List.of(), List.of()),
                new ChainEntry("rate", "broken", Map.of(), true, List.of(), List.of()));

        assertThatThrownBy(() -> live.update("v2", bad, registry, () -> resourcesClosed.set(true)))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain[id=rate].config.limit: -1 (expected: > 0)");

        assertThat(live.value()).isEqualTo("v1");
        assertThat(LiveChains.serve(live).headers().get("X-Stamp")).isEqualTo("one");
        assertThat(made.get(1).name).isEqualTo("new");
        assertThat(made.get(1).closedOn).as("provisioned, then cleaned up").isNotNull();
        assertThat(made.get(0).closedOn).isNull();
        assertThat(resourcesClosed).isTrue();
        assertThat(recorder.events).containsSubsequence("loaded ok true", "loaded rate false",
                "rejected chain[id=rate].config.limit: -1 (expected: > 0)");
    }

    @Test
    void equalEntriesKeepTheChainAndItsStateAndSwapTheValueOnly() {
        LiveChain<String> live = builder().start("v1", chain("one"));
        ChainGeneration first = live.current().generation();

        live.update("v2", chain("one"));

        assertThat(live.current().generation()).isSameAs(first);
        assertThat(live.value()).isEqualTo("v2");
        assertThat(made).hasSize(1);
    }

    @Test
    void anEmptyChainServesStraightToTheTerminalAndCloseDrainsTheLastChain() throws Exception {
        LiveChain<String> live = builder().start("v1", List.of());
        assertThat(live.current().hasChain()).isFalse();
        assertThat(LiveChains.serve(live).headers().get("X-Stamp")).isNull();

        live.update("v2", chain("one"));
        live.close().get(5, TimeUnit.SECONDS);

        assertThat(made.get(0).closedOn).isNotNull();
        assertThat(LiveChains.serve(live).headers().get("X-Stamp")).as("closed: no chain any more").isNull();
    }

    @Test
    void thePublishHookSeesEachNewSnapshotBeforeTheOldGenerationIsRetired() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<ChainLease<?>> mirror = new AtomicReference<>();
        LiveChain<String> live = builder().onPublish(lease -> {
            ChainLease<?> before = mirror.getAndSet(lease);
            seen.add(lease.value() + (before == null || before.generation() == null ? ""
                    : " old retired=" + before.generation().retired()));
        }).start("v1", chain("one"));

        live.update("v2", chain("two"));
        live.update("v3", chain("two"));

        assertThat(seen).containsExactly("v1", "v2 old retired=false", "v3 old retired=false");
        assertThat(mirror.get()).isSameAs(live.current());
    }
}
