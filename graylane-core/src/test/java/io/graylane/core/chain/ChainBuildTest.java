package io.graylane.core.chain;

import io.graylane.core.GraylaneException;
import io.graylane.core.config.ChainEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainBuildTest {

    private final List<String> events = new ArrayList<>();
    private final Handler terminal = exchange -> CompletableFuture.completedFuture(Response.of(200));

    private static ChainEntry entry(String id, String type) {
        return entry(id, type, Map.of());
    }

    private static ChainEntry entry(String id, String type, Map<String, Object> config) {
        return new ChainEntry(id, type, config, true, List.of(), List.of());
    }

    /** A pass-through middleware that records its creation and close, and fails to close when told. */
    private final class Resource implements Middleware, AutoCloseable {
        private final String id;
        private final boolean failOnClose;

        Resource(MiddlewareContext ctx) {
            this.id = ctx.id();
            this.failOnClose = ctx.bool("failOnClose", false);
            events.add("create " + id);
        }

        @Override
        public Handler apply(Handler next) {
            return next;
        }

        @Override
        public void close() throws IOException {
            events.add("close " + id);
            if (failOnClose) {
                throw new IOException("disk gone for " + id);
            }
        }
    }

    private MiddlewareRegistry registry(MiddlewareFactory... more) {
        List<MiddlewareFactory> factories = new ArrayList<>(List.of(more));
        factories.add(MiddlewareFactory.of("pool", Resource::new));
        return MiddlewareRegistry.of(factories);
    }

    @Test
    void anUnknownTypeNamesTheEntryAndListsTheKnownTypes() {
        MiddlewareRegistry registry = MiddlewareRegistry.of(
                MiddlewareFactory.of("rate-limit", ctx -> next -> next),
                MiddlewareFactory.of("header-set", ctx -> next -> next));

        assertThatThrownBy(() -> Chain.build(List.of(entry("edge-auth", "jwt")), registry, terminal))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain[id=edge-auth].type: unknown middleware type \"jwt\" (known types: header-set, rate-limit)");
        assertThatThrownBy(() -> Chain.build(List.of(entry("edge-auth", "jwt")), MiddlewareRegistry.empty(), terminal))
                .hasMessage("chain[id=edge-auth].type: unknown middleware type \"jwt\" (known types: none registered)");
    }

    @Test
    void aDuplicateIdIsRejectedBeforeAnythingIsCreated() {
        List<ChainEntry> entries = List.of(entry("rate", "pool"), entry("log", "pool"), entry("rate", "pool"));

        assertThatThrownBy(() -> Chain.build(entries, registry(), terminal))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain[2].id: \"rate\" (expected: a unique id; chain[0] has it too)");
        assertThat(events).isEmpty();
    }

    @Test
    void aDisabledEntryStillCountsForIdUniqueness() {
        ChainEntry disabled = new ChainEntry("rate", "pool", Map.of(), false, List.of(), List.of());

        assertThatThrownBy(() -> Chain.build(List.of(disabled, entry("rate", "pool")), registry(), terminal))
                .hasMessage("chain[1].id: \"rate\" (expected: a unique id; chain[0] has it too)");
    }

    @Test
    void aFailedCreateClosesTheCreatedOnesInReverseOrderAndNamesTheFailingEntry() {
        MiddlewareFactory rate = MiddlewareFactory.of("rate-limit", ctx -> {
            ctx.positiveInt("limit");
            return next -> next;
        });
        List<ChainEntry> entries = List.of(entry("first", "pool"), entry("second", "pool"),
                entry("rate", "rate-limit", Map.of("limit", -1)), entry("fourth", "pool"));

        assertThatThrownBy(() -> Chain.build(entries, registry(rate), terminal))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain[id=rate].config.limit: -1 (expected: > 0)");
        assertThat(events).containsExactly("create first", "create second", "close second", "close first");
    }

    @Test
    void anUnexpectedExceptionFromCreateIsWrappedNamingTheEntry() {
        IllegalStateException kaputt = new IllegalStateException("kaputt");
        MiddlewareFactory broken = MiddlewareFactory.of("broken", ctx -> {
            throw kaputt;
        });

        assertThatThrownBy(() -> Chain.build(List.of(entry("a", "pool"), entry("b", "broken")), registry(broken), terminal))
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain[id=b] (type broken): create failed: IllegalStateException: kaputt")
                .hasCause(kaputt);
        assertThat(events).containsExactly("create a", "close a");
    }

    @Test
    void closeFailuresDuringAFailedBuildAreSuppressedNotLost() {
        MiddlewareFactory broken = MiddlewareFactory.of("broken", ctx -> {
            throw ctx.invalid("mode", "fast", "one of: strict, lenient");
        });
        List<ChainEntry> entries = List.of(entry("a", "pool", Map.of("failOnClose", true)), entry("b", "broken"));

        assertThatThrownBy(() -> Chain.build(entries, registry(broken), terminal))
                .hasMessage("chain[id=b].config.mode: \"fast\" (expected: one of: strict, lenient)")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                        .isEqualTo("chain[id=a] (type pool): close failed: IOException: disk gone for a"));
    }

    @Test
    void aFailingApplyClosesEverythingCreated() {
        MiddlewareFactory badApply = MiddlewareFactory.of("bad-apply", ctx -> next -> {
            throw new IllegalArgumentException("header name: \"X Bad\" (expected: an HTTP token)");
        });
        List<ChainEntry> entries = List.of(entry("a", "pool"), entry("b", "bad-apply"), entry("c", "pool"));

        assertThatThrownBy(() -> Chain.build(entries, registry(badApply), terminal))
                .hasMessage("chain[id=b] (type bad-apply): header name: \"X Bad\" (expected: an HTTP token)");
        assertThat(events).containsExactly("create a", "create c", "close c", "close a");
    }

    @Test
    void aFactoryOrApplyReturningNullIsABuildError() {
        MiddlewareFactory nullFactory = MiddlewareFactory.of("null-factory", ctx -> null);
        MiddlewareFactory nullHandler = MiddlewareFactory.of("null-handler", ctx -> next -> null);

        assertThatThrownBy(() -> Chain.build(List.of(entry("a", "pool"), entry("n", "null-factory")), registry(nullFactory), terminal))
                .hasMessage("chain[id=n] (type null-factory): factory returned null (expected: a middleware)");
        assertThatThrownBy(() -> Chain.build(List.of(entry("h", "null-handler")), registry(nullHandler), terminal))
                .hasMessage("chain[id=h] (type null-handler): apply(next) returned null (expected: a handler)");
        assertThat(events).containsExactly("create a", "close a");
    }

    @Test
    void closeClosesEveryMiddlewareInReverseOrderAndCollectsFailures() {
        List<ChainEntry> entries = List.of(entry("a", "pool", Map.of("failOnClose", true)), entry("b", "pool"),
                entry("c", "pool", Map.of("failOnClose", true)));
        Chain chain = Chain.build(entries, registry(), terminal);
        events.clear();

        assertThatThrownBy(chain::close)
                .isInstanceOf(GraylaneException.class)
                .hasMessage("chain: 2 middlewares failed to close: "
                        + "chain[id=c] (type pool): close failed: IOException: disk gone for c; "
                        + "chain[id=a] (type pool): close failed: IOException: disk gone for a")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
        assertThat(events).containsExactly("close c", "close b", "close a");

        chain.close();
        assertThat(events).containsExactly("close c", "close b", "close a");
    }

    @Test
    void middlewareThatAreNotCloseableAreLeftAlone() {
        Chain chain = Chain.build(List.of(entry("plain", "plain"), entry("r", "pool")),
                registry(MiddlewareFactory.of("plain", ctx -> next -> next)), terminal);

        chain.close();

        assertThat(events).containsExactly("create r", "close r");
    }

    @Test
    void aRegistryRejectsTwoFactoriesOfOneTypeAndMalformedTypes() {
        MiddlewareFactory one = MiddlewareFactory.of("rate-limit", ctx -> next -> next);
        MiddlewareFactory two = MiddlewareFactory.of("rate-limit", ctx -> next -> next);

        assertThatThrownBy(() -> MiddlewareRegistry.of(one, two))
                .isInstanceOf(GraylaneException.class)
                .hasMessageStartingWith("middleware type \"rate-limit\" is registered twice (");
        assertThatThrownBy(() -> MiddlewareRegistry.of(MiddlewareFactory.of("Rate Limit", ctx -> next -> next)))
                .hasMessageStartingWith("middleware type: \"Rate Limit\" of ")
                .hasMessageEndingWith("(expected: up to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit)");
    }

    @Test
    void aRegistryWithANewVersionOfATypeReplacesTheOldOneAndLeavesTheOriginalAlone() {
        MiddlewareFactory v1 = MiddlewareFactory.of("acme.jwt", ctx -> next -> next);
        MiddlewareFactory v2 = MiddlewareFactory.of("acme.jwt", ctx -> next -> next);
        MiddlewareRegistry before = MiddlewareRegistry.of(v1);

        MiddlewareRegistry after = before.with(v2);

        assertThat(after.find("acme.jwt")).containsSame(v2);
        assertThat(before.find("acme.jwt")).containsSame(v1);
        assertThat(after.types()).containsExactly("acme.jwt");
    }
}
