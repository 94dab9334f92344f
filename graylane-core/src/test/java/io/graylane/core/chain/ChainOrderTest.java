package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainOrderTest {

    private static ChainEntry e(String id, List<String> after, List<String> before) {
        return new ChainEntry(id, "pass", Map.of(), true, after, before);
    }

    private static ChainEntry e(String id) {
        return e(id, List.of(), List.of());
    }

    private static List<String> ids(List<ChainEntry> entries) {
        return entries.stream().map(ChainEntry::id).toList();
    }

    @Test
    void entriesWithoutConstraintsKeepTheirDeclaredOrder() {
        assertThat(ids(ChainOrder.resolve(List.of(e("c"), e("a"), e("b"))))).containsExactly("c", "a", "b");
    }

    @Test
    void afterAndBeforeMoveOnlyWhatTheyConstrainAndKeepTheRestStable() {
        List<ChainEntry> entries = List.of(
                e("log"),
                e("auth", List.of("rate"), List.of()),   // auth after rate
                e("rate"),
                e("recover", List.of(), List.of("log")), // recover before log
                e("tail"));

        assertThat(ids(ChainOrder.resolve(entries))).containsExactly("recover", "log", "rate", "auth", "tail");
    }

    @Test
    void aConstraintNamingAnUnknownIdIsAnErrorNamingTheEntry() {
        assertThatThrownBy(() -> ChainOrder.resolve(List.of(e("auth", List.of("nope"), List.of()), e("rate"))))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain[id=auth].after: \"nope\" (expected: the id of another chain entry)");
        assertThatThrownBy(() -> ChainOrder.resolve(List.of(e("auth", List.of(), List.of("auth")))))
                .hasMessage("chain[id=auth].before: \"auth\" (expected: the id of another chain entry)");
    }

    @Test
    void aCycleIsAnErrorNamingItsEntriesInOrder() {
        assertThatThrownBy(() -> ChainOrder.resolve(List.of(
                e("auth", List.of("rate"), List.of()), e("rate", List.of("auth"), List.of()), e("log"))))
                .isInstanceOf(GraylaneException.class)
                .hasMessageStartingWith("chain: ordering cycle auth → rate → auth");
        assertThatThrownBy(() -> ChainOrder.resolve(List.of(
                e("x"), e("a", List.of(), List.of("b")), e("b", List.of(), List.of("c")), e("c", List.of(), List.of("a")),
                e("d", List.of("c"), List.of()))))
                .hasMessageStartingWith("chain: ordering cycle a → b → c → a");
    }

    @Test
    void theChainRunsInResolvedOrderAndDisabledEntriesMayBeNamed() {
        StringBuilder trail = new StringBuilder();
        MiddlewareRegistry registry = MiddlewareRegistry.of(MiddlewareFactory.of("pass", ctx -> next -> x -> {
            trail.append(ctx.id()).append(' ');
            return next.handle(x);
        }));
        List<ChainEntry> entries = List.of(
                e("b", List.of("a"), List.of()),
                new ChainEntry("off", "pass", Map.of(), false, List.of(), List.of("b")),
                e("a"));
        Chain chain = Chain.build(entries, registry, x -> CompletableFuture.completedFuture(Response.of(204)));

        chain.handle(SimpleExchange.builder().uri("/").build()).toCompletableFuture().join();

        assertThat(chain.ids()).containsExactly("a", "b");
        assertThat(trail).hasToString("a b ");
    }
}
