package io.graylane.gateway.middleware;

import io.graylane.core.chain.Chain;
import io.graylane.core.chain.Exchange;
import io.graylane.core.chain.Handler;
import io.graylane.core.chain.MiddlewareRegistry;
import io.graylane.core.chain.Response;
import io.graylane.core.chain.SimpleExchange;
import io.graylane.core.config.ChainEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code recover} over a terminal whose pending stage can only be cancelled (the gateway's) adds no
 * stage of its own, and still turns what that terminal throws or fails with at once into a 500.
 */
class RecoverMiddlewareTest {

    private final RecoverFactory recover = new RecoverFactory();

    /** A terminal that answers with {@code answer} and says whether it fails only by cancellation. */
    private static Handler terminal(boolean onlyCancelled, Function<Exchange, CompletionStage<Response>> answer) {
        return new Handler() {
            @Override
            public CompletionStage<Response> handle(Exchange exchange) {
                return answer.apply(exchange);
            }

            @Override
            public boolean failsOnlyByCancellation() {
                return onlyCancelled;
            }
        };
    }

    private CompletionStage<Response> run(Handler terminal) {
        Chain chain = Chain.build(List.of(new ChainEntry("safety", "recover", Map.of(), true, List.of(), List.of())),
                MiddlewareRegistry.of(recover), terminal);
        return chain.handle(SimpleExchange.builder().uri("/orders").build());
    }

    @Test
    void overATerminalThatOnlyCancelsTheStageIsTheTerminalsOwn() {
        CompletableFuture<Response> upstream = new CompletableFuture<>();

        CompletionStage<Response> stage = run(terminal(true, e -> upstream));
        upstream.complete(Response.of(200, "ok"));

        assertThat(stage).isSameAs(upstream);
        assertThat(stage.toCompletableFuture().join().status()).isEqualTo(200);
    }

    @Test
    void aChainOfRecoverAloneInFrontOfSuchATerminalPassesThroughAndInFrontOfAnythingElseDoesNot() {
        MiddlewareRegistry registry = MiddlewareRegistry.of(recover, new HeaderFactory());
        ChainEntry safety = new ChainEntry("safety", "recover", Map.of(), true, List.of(), List.of());
        ChainEntry headers = new ChainEntry("h", "header", Map.of("request", Map.of("set", Map.of("X-A", "1"))),
                true, List.of(), List.of());

        // The gateway then serves requests without running the chain (nothing after recover to catch).
        assertThat(Chain.build(List.of(safety), registry, terminal(true, e -> null)).passesThrough()).isTrue();
        assertThat(Chain.build(List.of(safety), registry, terminal(false, e -> null)).passesThrough()).isFalse();
        assertThat(Chain.build(List.of(safety, headers), registry, terminal(true, e -> null)).passesThrough()).isFalse();
        assertThat(Chain.build(List.of(headers, safety), registry, terminal(true, e -> null)).passesThrough()).isFalse();
    }

    @Test
    void aCancellationStillPassesThrough() {
        CompletableFuture<Response> upstream = new CompletableFuture<>();

        CompletionStage<Response> stage = run(terminal(true, e -> upstream));
        upstream.completeExceptionally(new CancellationException("abandoned"));

        assertThatThrownBy(() -> stage.toCompletableFuture().join()).isInstanceOf(CancellationException.class);
        assertThat(recover.recovered().get("safety")).isZero();
    }

    @Test
    void whatSuchATerminalThrowsOrFailsWithAtOnceIsStillA500() {
        CompletionStage<Response> thrown = run(terminal(true, e -> {
            throw new IllegalStateException("bug in the terminal");
        }));
        CompletionStage<Response> failed = run(terminal(true,
                e -> CompletableFuture.failedFuture(new IllegalStateException("failed at once"))));

        assertThat(thrown.toCompletableFuture().join().status()).isEqualTo(500);
        assertThat(failed.toCompletableFuture().join().status()).isEqualTo(500);
        assertThat(recover.recovered().get("safety")).isEqualTo(2);
    }

    @Test
    void overAnyOtherHandlerALaterFailureIsA500() {
        CompletableFuture<Response> upstream = new CompletableFuture<>();

        CompletionStage<Response> stage = run(terminal(false, e -> upstream));
        upstream.completeExceptionally(new IllegalStateException("later"));

        assertThat(stage).isNotSameAs(upstream);
        assertThat(stage.toCompletableFuture().join().status()).isEqualTo(500);
        assertThat(recover.recovered().get("safety")).isEqualTo(1);
    }
}
