package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainTest {

    private final List<String> trace = new ArrayList<>();
    private final Handler terminal = exchange -> {
        trace.add("terminal");
        return CompletableFuture.completedFuture(Response.of(200, "upstream"));
    };

    private static ChainEntry entry(String id, String type) {
        return new ChainEntry(id, type, Map.of(), true, List.of(), List.of());
    }

    private static SimpleExchange exchange() {
        return SimpleExchange.builder().uri("/orders").clientAddress("10.0.0.1").build();
    }

    /** A middleware that records entry and exit around next. */
    private MiddlewareFactory tracing(String type) {
        return MiddlewareFactory.of(type, ctx -> next -> exchange -> {
            trace.add(ctx.id() + ">");
            return next.handle(exchange).thenApply(r -> {
                trace.add("<" + ctx.id());
                return r;
            });
        });
    }

    private static Response join(CompletionStage<Response> stage) {
        return stage.toCompletableFuture().join();
    }

    /** The failure of {@code stage}, unwrapped from CompletionException. */
    private static Throwable failureOf(CompletionStage<Response> stage) {
        CompletableFuture<Response> f = stage.toCompletableFuture();
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("unreachable");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void middlewareRunInDeclaredOrderAroundTheTerminal() {
        Chain chain = Chain.build(List.of(entry("a", "trace"), entry("b", "trace"), entry("c", "trace")),
                MiddlewareRegistry.of(tracing("trace")), terminal);

        Response response = join(chain.handle(exchange()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(trace).containsExactly("a>", "b>", "c>", "terminal", "<c", "<b", "<a");
        assertThat(chain.ids()).containsExactly("a", "b", "c");
    }

    @Test
    void aMiddlewareCanAnswerWithoutCallingNext() {
        MiddlewareFactory limiter = MiddlewareFactory.of("rate-limit", ctx -> next -> exchange ->
                CompletableFuture.completedFuture(Response.of(429, "slow down")));
        Chain chain = Chain.build(List.of(entry("trace", "trace"), entry("rate", "rate-limit")),
                MiddlewareRegistry.of(tracing("trace"), limiter), terminal);

        Response response = join(chain.handle(exchange()));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.bodyText()).isEqualTo("slow down");
        assertThat(trace).containsExactly("trace>", "<trace");
    }

    @Test
    void disabledEntriesAreSkipped() {
        ChainEntry off = new ChainEntry("b", "trace", Map.of(), false, List.of(), List.of());
        Chain chain = Chain.build(List.of(entry("a", "trace"), off, entry("c", "trace")),
                MiddlewareRegistry.of(tracing("trace")), terminal);

        join(chain.handle(exchange()));

        assertThat(trace).containsExactly("a>", "c>", "terminal", "<c", "<a");
        assertThat(chain.ids()).containsExactly("a", "c");
    }

    @Test
    void anEmptyChainCallsTheTerminal() {
        Chain chain = Chain.build(List.of(), MiddlewareRegistry.empty(), terminal);

        assertThat(join(chain.handle(exchange())).status()).isEqualTo(200);
        assertThat(trace).containsExactly("terminal");
    }

    /** A middleware that says it passes through in front of a next that fails only by cancellation. */
    private static MiddlewareFactory passing(String type) {
        return MiddlewareFactory.of(type, ctx -> new Middleware() {
            @Override
            public Handler apply(Handler next) {
                return next::handle;
            }

            @Override
            public boolean passesThrough(Handler next) {
                return next.failsOnlyByCancellation();
            }
        });
    }

    private static final Handler CANCEL_ONLY_TERMINAL = new Handler() {
        @Override
        public CompletionStage<Response> handle(Exchange exchange) {
            return CompletableFuture.completedFuture(Response.of(200));
        }

        @Override
        public boolean failsOnlyByCancellation() {
            return true;
        }
    };

    @Test
    void aChainPassesThroughOnlyWhenEveryMiddlewareSaysItDoesInFrontOfWhatFollowsIt() {
        MiddlewareRegistry registry = MiddlewareRegistry.of(passing("guard"), tracing("trace"));

        assertThat(Chain.build(List.of(), MiddlewareRegistry.empty(), terminal).passesThrough()).isTrue();
        assertThat(Chain.build(List.of(entry("g", "guard")), registry, CANCEL_ONLY_TERMINAL).passesThrough()).isTrue();
        // In front of a terminal that may fail later, or of another middleware, it has work to do.
        assertThat(Chain.build(List.of(entry("g", "guard")), registry, terminal).passesThrough()).isFalse();
        assertThat(Chain.build(List.of(entry("g", "guard"), entry("h", "guard")), registry, CANCEL_ONLY_TERMINAL)
                .passesThrough()).isFalse();
        assertThat(Chain.build(List.of(entry("t", "trace")), registry, CANCEL_ONLY_TERMINAL).passesThrough()).isFalse();
        assertThat(Chain.build(List.of(entry("t", "trace"), entry("g", "guard")), registry, CANCEL_ONLY_TERMINAL)
                .passesThrough()).isFalse();
        // A disabled entry is not there at all.
        ChainEntry off = new ChainEntry("t", "trace", Map.of(), false, List.of(), List.of());
        assertThat(Chain.build(List.of(off, entry("g", "guard")), registry, CANCEL_ONLY_TERMINAL).passesThrough()).isTrue();
    }

    @Test
    void aMiddlewareThatCannotSayWhetherItPassesThroughIsTakenToAct() {
        MiddlewareFactory broken = MiddlewareFactory.of("guard", ctx -> new Middleware() {
            @Override
            public Handler apply(Handler next) {
                return next::handle;
            }

            @Override
            public boolean passesThrough(Handler next) {
                throw new IllegalStateException("cannot tell");
            }
        });

        Chain chain = Chain.build(List.of(entry("g", "guard")), MiddlewareRegistry.of(broken), CANCEL_ONLY_TERMINAL);

        assertThat(chain.passesThrough()).isFalse();
        assertThat(join(chain.handle(exchange())).status()).isEqualTo(200);
    }

    @Test
    void callingNextTwiceFailsWithTheExactMessage() {
        MiddlewareFactory twice = MiddlewareFactory.of("rate-limit", ctx -> next -> exchange -> {
            next.handle(exchange);
            return next.handle(exchange);
        });
        Chain chain = Chain.build(List.of(entry("rate", "rate-limit")), MiddlewareRegistry.of(twice), terminal);

        Throwable failure = failureOf(chain.handle(exchange()));

        assertThat(failure).isInstanceOf(MiddlewareException.class).isInstanceOf(GraylaneException.class)
                .hasMessage("middleware 'rate' (type rate-limit) called next more than once");
        assertThat(((MiddlewareException) failure).middlewareId()).isEqualTo("rate");
        assertThat(trace).containsExactly("terminal");
    }

    @Test
    void theSecondCallToNextThrowsToTheMiddlewareThatMadeIt() {
        List<Throwable> seen = new ArrayList<>();
        MiddlewareFactory twice = MiddlewareFactory.of("retry-naive", ctx -> next -> exchange -> {
            CompletionStage<Response> first = next.handle(exchange);
            try {
                next.handle(exchange);
            } catch (GraylaneException e) {
                seen.add(e);
            }
            return first;
        });
        Chain chain = Chain.build(List.of(entry("retry", "retry-naive")), MiddlewareRegistry.of(twice), terminal);

        assertThat(join(chain.handle(exchange())).status()).isEqualTo(200);
        assertThat(seen).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("middleware 'retry' (type retry-naive) called next more than once");
    }

    @ParameterizedTest(name = "chain of {0} links, link {1} calls next twice")
    @CsvSource({"1, 0", "2, 1", "64, 63", "65, 64", "200, 0", "200, 137", "200, 199"})
    void callingNextTwiceIsCaughtAtAnyPositionOfChainsOfAnyLength(int length, int culprit) {
        List<ChainEntry> entries = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            entries.add(entry("m" + i, i == culprit ? "twice" : "pass"));
        }
        MiddlewareFactory pass = MiddlewareFactory.of("pass", ctx -> next -> next::handle);
        MiddlewareFactory twice = MiddlewareFactory.of("twice", ctx -> next -> exchange -> {
            next.handle(exchange);
            return next.handle(exchange);
        });
        Chain chain = Chain.build(entries, MiddlewareRegistry.of(pass, twice), terminal);

        assertThat(failureOf(chain.handle(exchange())))
                .hasMessage("middleware 'm" + culprit + "' (type twice) called next more than once");
    }

    @Test
    void callingNextAgainAfterTheFirstCallCompletedIsCaughtToo() {
        MiddlewareFactory again = MiddlewareFactory.of("retry-naive", ctx -> next -> exchange ->
                next.handle(exchange).thenCompose(r -> next.handle(exchange)));
        Chain chain = Chain.build(List.of(entry("retry", "retry-naive"), entry("inner", "trace")),
                MiddlewareRegistry.of(again, tracing("trace")), terminal);

        assertThat(failureOf(chain.handle(exchange())))
                .hasMessage("middleware 'retry' (type retry-naive) called next more than once");
    }

    @Test
    void aMiddlewareThatDeclaresRetriesMayCallNextAgainAndItsDownstreamIsStillChecked() {
        Middleware retryOnce = new Middleware() {
            @Override
            public Handler apply(Handler next) {
                return exchange -> next.handle(exchange).thenCompose(r ->
                        r.status() == 200 ? CompletableFuture.completedFuture(r) : next.handle(exchange));
            }

            @Override
            public boolean callsNextMoreThanOnce() {
                return true;
            }
        };
        AtomicInteger calls = new AtomicInteger();
        Handler flaky = exchange -> CompletableFuture.completedFuture(
                Response.of(calls.incrementAndGet() == 1 ? 503 : 200));
        MiddlewareFactory twice = MiddlewareFactory.of("twice", ctx -> next -> exchange -> {
            next.handle(exchange);
            return next.handle(exchange);
        });
        MiddlewareRegistry registry = MiddlewareRegistry.of(MiddlewareFactory.of("retry", ctx -> retryOnce), twice,
                tracing("trace"));

        Chain retrying = Chain.build(List.of(entry("retry", "retry"), entry("inner", "trace")), registry, flaky);
        assertThat(join(retrying.handle(exchange())).status()).isEqualTo(200);
        assertThat(calls).hasValue(2);
        assertThat(trace).containsExactly("inner>", "<inner", "inner>", "<inner");

        Chain withBadInner = Chain.build(List.of(entry("retry", "retry"), entry("bad", "twice")), registry, terminal);
        assertThat(failureOf(withBadInner.handle(exchange())))
                .hasMessage("middleware 'bad' (type twice) called next more than once");
    }

    @Test
    void eachExchangeIsTrackedOnItsOwnEvenWhenInterleaved() {
        List<Runnable> parked = new ArrayList<>();
        MiddlewareFactory deferring = MiddlewareFactory.of("defer", ctx -> next -> exchange -> {
            CompletableFuture<Response> result = new CompletableFuture<>();
            parked.add(() -> next.handle(exchange).thenAccept(result::complete));
            return result;
        });
        Chain chain = Chain.build(List.of(entry("defer", "defer"), entry("inner", "trace")),
                MiddlewareRegistry.of(deferring, tracing("trace")), terminal);

        CompletionStage<Response> first = chain.handle(exchange());
        CompletionStage<Response> second = chain.handle(exchange());
        parked.forEach(Runnable::run);

        assertThat(join(first).status()).isEqualTo(200);
        assertThat(join(second).status()).isEqualTo(200);
    }

    @Test
    void aMiddlewareMayRunAnotherChainOnTheSameExchangeWithoutAFalseAlarm() {
        Chain inner = Chain.build(List.of(entry("x", "trace"), entry("y", "trace"), entry("z", "trace")),
                MiddlewareRegistry.of(tracing("trace")), exchange -> CompletableFuture.completedFuture(Response.of(204)));
        MiddlewareFactory nesting = MiddlewareFactory.of("nest", ctx -> next -> exchange ->
                inner.handle(exchange).thenCompose(r -> next.handle(exchange)));
        Chain outer = Chain.build(List.of(entry("a", "trace"), entry("nest", "nest"), entry("b", "trace")),
                MiddlewareRegistry.of(tracing("trace"), nesting), terminal);

        assertThat(join(outer.handle(exchange())).status()).isEqualTo(200);
        assertThat(trace).containsExactly("a>", "x>", "y>", "z>", "<z", "<y", "<x", "b>", "terminal", "<b", "<a");
    }

    @Test
    void returningNullFailsWithTheExactMessage() {
        MiddlewareFactory nothing = MiddlewareFactory.of("t", ctx -> next -> exchange -> null);
        Chain chain = Chain.build(List.of(entry("trace", "trace"), entry("x", "t")),
                MiddlewareRegistry.of(nothing, tracing("trace")), terminal);

        assertThat(failureOf(chain.handle(exchange())))
                .isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware 'x' (type t) returned null");
    }

    @Test
    void aSynchronousThrowFailsTheStageNamingTheMiddlewareAndKeepsTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        MiddlewareFactory throwing = MiddlewareFactory.of("jwt", ctx -> next -> exchange -> {
            throw boom;
        });
        Chain chain = Chain.build(List.of(entry("trace", "trace"), entry("auth", "jwt")),
                MiddlewareRegistry.of(throwing, tracing("trace")), terminal);

        CompletionStage<Response> stage = chain.handle(exchange());

        Throwable failure = failureOf(stage);
        assertThat(failure).isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware 'auth' (type jwt) threw IllegalStateException: boom")
                .hasCause(boom);
        assertThat(((MiddlewareException) failure).middlewareType()).isEqualTo("jwt");
    }

    @Test
    void anAsynchronousFailureNamesTheMiddleware() {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Response> pending = new CompletableFuture<>();
        MiddlewareFactory failing = MiddlewareFactory.of("jwt", ctx -> next -> exchange -> pending);
        Chain chain = Chain.build(List.of(entry("trace", "trace"), entry("auth", "jwt")),
                MiddlewareRegistry.of(failing, tracing("trace")), terminal);

        CompletionStage<Response> stage = chain.handle(exchange());
        pending.completeExceptionally(boom);

        assertThat(failureOf(stage)).isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware 'auth' (type jwt) failed: IllegalStateException: boom")
                .hasCause(boom);
    }

    @Test
    void aFailureIsNamedOnceByTheMiddlewareThatCausedItNotByThoseItPassesThrough() {
        MiddlewareFactory failing = MiddlewareFactory.of("jwt", ctx -> next -> exchange ->
                CompletableFuture.failedFuture(new IllegalStateException("boom")));
        Chain chain = Chain.build(List.of(entry("a", "trace"), entry("b", "trace"), entry("auth", "jwt")),
                MiddlewareRegistry.of(failing, tracing("trace")), terminal);

        assertThat(failureOf(chain.handle(exchange())))
                .hasMessage("middleware 'auth' (type jwt) failed: IllegalStateException: boom");
    }

    @Test
    void aTerminalFailureIsNotBlamedOnMiddlewareThatTransformedTheStage() {
        IOException refused = new IOException("connection refused");
        CompletableFuture<Response> upstream = new CompletableFuture<>();
        Chain chain = Chain.build(List.of(entry("a", "trace"), entry("b", "trace")),
                MiddlewareRegistry.of(tracing("trace")), exchange -> upstream);

        CompletionStage<Response> stage = chain.handle(exchange());
        upstream.completeExceptionally(refused);

        assertThat(failureOf(stage)).isSameAs(refused);
    }

    @Test
    void aTerminalThatThrowsFailsTheStageWithItsOwnException() {
        IllegalStateException down = new IllegalStateException("no upstream");
        Chain chain = Chain.build(List.of(entry("a", "trace")), MiddlewareRegistry.of(tracing("trace")),
                exchange -> {
                    throw down;
                });

        assertThat(failureOf(chain.handle(exchange()))).isSameAs(down);
    }

    @Test
    void aMiddlewareThatSurvivesADownstreamFailureAnswersNormally() {
        MiddlewareFactory recover = MiddlewareFactory.of("recover", ctx -> next -> exchange ->
                next.handle(exchange).exceptionally(e -> Response.of(500, "recovered: "
                        + (e instanceof CompletionException ? e.getCause() : e).getMessage())));
        MiddlewareFactory throwing = MiddlewareFactory.of("jwt", ctx -> next -> exchange -> {
            throw new IllegalStateException("boom");
        });
        Chain chain = Chain.build(List.of(entry("recover", "recover"), entry("auth", "jwt")),
                MiddlewareRegistry.of(recover, throwing), terminal);

        Response response = join(chain.handle(exchange()));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.bodyText()).isEqualTo("recovered: middleware 'auth' (type jwt) threw IllegalStateException: boom");
    }

    @Test
    void middlewareSeeEachOthersChangesToTheExchange() {
        AttributeKey<String> user = AttributeKey.of("user", String.class);
        MiddlewareFactory auth = MiddlewareFactory.of("auth", ctx -> next -> exchange -> {
            exchange.setAttr(user, "alice");
            exchange.headers().set("X-User", "alice");
            exchange.setLane("canary");
            return next.handle(exchange);
        });
        List<String> seen = new ArrayList<>();
        Chain chain = Chain.build(List.of(entry("auth", "auth")), MiddlewareRegistry.of(auth), exchange -> {
            seen.add(exchange.attr(user) + " " + exchange.header("x-user") + " " + exchange.lane());
            return CompletableFuture.completedFuture(Response.of(200));
        });

        join(chain.handle(exchange()));

        assertThat(seen).containsExactly("alice alice canary");
    }
}
